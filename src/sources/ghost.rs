//! Ghost exports (Settings → Labs → Export: JSON with `db[].data.posts`) through serde.

use serde::Deserialize;

use super::{Item, SourceError};

#[derive(Deserialize)]
struct Export {
    db: Vec<Database>,
}

#[derive(Deserialize)]
struct Database {
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    #[serde(default)]
    posts: Vec<Post>,
}

#[derive(Deserialize)]
struct Post {
    #[serde(default)]
    title: String,
    #[serde(default)]
    slug: String,
    html: Option<String>,
    #[serde(default)]
    status: String,
    published_at: Option<String>,
    /// Present in some exports and in the Content API's posts.
    url: Option<String>,
}

pub(super) fn items(bytes: &[u8]) -> Result<Vec<Item>, SourceError> {
    let export: Export =
        serde_json::from_slice(bytes).map_err(|e| SourceError::Ghost(e.to_string()))?;
    Ok(export
        .db
        .into_iter()
        .flat_map(|db| db.data.posts)
        .filter(|post| post.status == "published" && post.html.is_some())
        .map(|post| Item {
            url: post.url.unwrap_or_else(|| format!("/{}/", post.slug)),
            title: post.title,
            html: post.html,
            date: post.published_at,
            is_sitemap: false,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_posts_with_html() {
        let export = br#"{"db":[{"meta":{"version":"5.80.0"},"data":{"posts":[
            {"id":"1","title":"Launch","slug":"launch","html":"<p>We launched.</p>",
             "status":"published","published_at":"2026-09-01T10:00:00.000Z"},
            {"id":"2","title":"Soon","slug":"soon","html":"<p>Draft.</p>","status":"draft"}]}}]}"#;
        let items = items(export).expect("parses");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].url, "/launch/");
        assert_eq!(items[0].html.as_deref(), Some("<p>We launched.</p>"));
        assert!(super::items(b"{\"db\": 3}").is_err());
    }
}
