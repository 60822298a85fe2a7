//! `copyspot pack build` from feeds, sitemaps and exports served by a real HTTP server on
//! 127.0.0.1: robots.txt, redirects of nothing, missing pages, a failing page that recovers,
//! and `--update` fetching only what is new.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use common::*;

/// What the server answers and what it was asked.
#[derive(Default)]
struct Site {
    pages: HashMap<String, (u16, &'static str, String)>,
    /// Requests per path, in order.
    asked: Vec<String>,
    /// Paths that fail with 503 this many more times before they answer.
    failures: HashMap<String, u32>,
}

fn serve(site: Arc<Mutex<Site>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = format!("http://{}", listener.local_addr().expect("bound"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer(stream, &site);
        }
    });
    address
}

fn answer(mut stream: TcpStream, site: &Mutex<Site>) {
    let mut request_line = String::new();
    let mut reader = BufReader::new(stream.try_clone().expect("stream"));
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut user_agent = String::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        if header.to_ascii_lowercase().starts_with("user-agent:") {
            user_agent = header.trim().to_owned();
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let (status, content_type, body) = {
        let mut site = site.lock().expect("site");
        site.asked.push(path.clone());
        assert!(user_agent.contains("copyspot/"), "{user_agent}");
        match site.failures.get_mut(&path) {
            Some(left) if *left > 0 => {
                *left -= 1;
                (503, "text/plain", "busy".to_owned())
            }
            _ => site.pages.get(&path).cloned().unwrap_or((
                404,
                "text/plain",
                "not found".to_owned(),
            )),
        }
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
}

fn article(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><nav>Home · News</nav>\
         <article><h1>{title}</h1>{}</article><footer>© Example</footer></body></html>",
        text.split("\n\n")
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    )
}

/// Three distinct articles from the seed original's paragraphs.
fn articles() -> Vec<String> {
    let original = fixture(ORIGINAL);
    let paragraphs: Vec<&str> = original.lines().filter(|p| p.len() > 80).collect();
    let third = paragraphs.len() / 3;
    (0..3)
        .map(|i| paragraphs[i * third..(i + 1) * third].join("\n\n"))
        .collect()
}

#[test]
fn feeds_and_sitemaps_over_http_politely_and_updates_fetch_only_what_is_new() {
    let texts = articles();
    let site = Arc::new(Mutex::new(Site::default()));
    let base = serve(site.clone());
    let rss = |items: &[(&str, &str, Option<&str>)]| {
        let items: String = items
            .iter()
            .map(|(title, link, content)| {
                let content = content
                    .map(|c| format!("<content:encoded><![CDATA[{c}]]></content:encoded>"))
                    .unwrap_or_default();
                format!("<item><title>{title}</title><link>{base}{link}</link><description>Teaser.</description>{content}</item>")
            })
            .collect();
        format!(
            r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Example</title>{items}</channel></rss>"#
        )
    };
    {
        let mut site = site.lock().expect("site");
        let full = article("Full", &texts[0]);
        let pages = [
            (
                "/robots.txt",
                (
                    200,
                    "text/plain",
                    "User-agent: *\nDisallow: /private/\n".to_owned(),
                ),
            ),
            (
                "/feed.xml",
                (
                    200,
                    "application/rss+xml",
                    rss(&[
                        ("Full", "/full.html", Some(&full)),
                        ("Two", "/two.html", None),
                        ("Secret", "/private/secret.html", None),
                    ]),
                ),
            ),
            (
                "/two.html",
                (200, "text/html; charset=utf-8", article("Two", &texts[1])),
            ),
            (
                "/private/secret.html",
                (200, "text/html", article("Secret", &texts[2])),
            ),
            (
                "/sitemap.xml",
                (
                    200,
                    "application/xml",
                    format!(
                        r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{base}/posts.xml</loc></sitemap></sitemapindex>"#
                    ),
                ),
            ),
            (
                "/posts.xml",
                (
                    200,
                    "application/xml",
                    format!(
                        r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/three.html</loc></url><url><loc>{base}/gone.html</loc></url><url><loc>{base}/two.html</loc></url></urlset>"#
                    ),
                ),
            ),
            (
                "/three.html",
                (200, "text/html", article("Three", &texts[2])),
            ),
        ];
        site.pages = pages.into_iter().map(|(p, a)| (p.to_owned(), a)).collect();
        site.failures.insert("/three.html".into(), 2);
    }

    let dir = temp_dir("sources");
    let pack = dir.join("site.cspk").to_string_lossy().into_owned();
    let (feed, sitemap) = (format!("{base}/feed.xml"), format!("{base}/sitemap.xml"));
    let output = copyspot(&[
        "pack", "build", "--delay", "0", "-o", &pack, &feed, &sitemap,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains(": 3 references"), "{said}");
    assert!(said.contains("1 disallowed by robots.txt"), "{said}");
    assert!(said.contains("1 HTTP 404"), "{said}");
    assert!(
        said.contains("1 already in the pack or listed twice"),
        "{said}"
    ); // two.html
    {
        let site = site.lock().expect("site");
        let count = |path: &str| site.asked.iter().filter(|p| *p == path).count();
        assert_eq!(count("/robots.txt"), 1, "{:?}", site.asked);
        assert_eq!(count("/private/secret.html"), 0, "robots.txt is honoured");
        assert_eq!(
            count("/full.html"),
            0,
            "a full-content entry needs no fetch"
        );
        assert_eq!(count("/three.html"), 3, "two 503s, then the page");
    }

    // A copy of the sitemap's article is found under its URL.
    let copy = dir.join("copy.txt");
    std::fs::write(&copy, format!("Reposted.\n\n{}", texts[2])).expect("write");
    let output = copyspot(&["check", "--json", "--pack", &pack, &copy.to_string_lossy()]);
    assert!(
        stdout(&output).contains(&format!("\"id\":\"{base}/three.html\"")),
        "{}",
        stdout(&output)
    );

    // The feed gains an entry: the update fetches that page alone.
    {
        let mut site = site.lock().expect("site");
        site.asked.clear();
        let four = articles()[0].replace("Blinken", "The secretary");
        site.pages.insert(
            "/four.html".into(),
            (200, "text/html", article("Four", &four)),
        );
        let feed = rss(&[("Four", "/four.html", None), ("Two", "/two.html", None)]);
        site.pages
            .insert("/feed.xml".into(), (200, "application/rss+xml", feed));
    }
    let output = copyspot(&[
        "pack", "build", "--delay", "0", "--update", &pack, "-o", &pack, &feed,
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains(", 1 new"), "{said}");
    let site = site.lock().expect("site");
    assert_eq!(site.asked, ["/robots.txt", "/feed.xml", "/four.html"]);
}

#[test]
fn exports_from_files() {
    let texts = articles();
    let dir = temp_dir("exports");
    let wxr = dir.join("blog.wordpress.xml");
    std::fs::write(
        &wxr,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Blog</title>
<item><title>Post</title><link>https://blog.example/post/</link>
<content:encoded><![CDATA[{}]]></content:encoded>
<wp:post_type><![CDATA[post]]></wp:post_type><wp:status><![CDATA[publish]]></wp:status></item>
</channel></rss>"#,
            article("Post", &texts[0])
        ),
    )
    .expect("write");
    let ghost = dir.join("ghost-export.json");
    let post = serde_json::json!({"db": [{"data": {"posts": [
        {"title": "Ghost post", "slug": "ghost-post", "status": "published",
         "html": article("Ghost post", &texts[1])}]}}]});
    std::fs::write(&ghost, post.to_string()).expect("write");
    let pack = dir.join("exports.cspk").to_string_lossy().into_owned();
    let output = copyspot(&["pack", "build", "-o", &pack, &dir.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(": 2 references"),
        "{}",
        stdout(&output)
    );
    let info = copyspot(&["pack", "info", "--json", &pack]);
    assert!(
        stdout(&info).contains("\"references\":2"),
        "{}",
        stdout(&info)
    );
}
