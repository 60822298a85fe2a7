//! Fetching feeds, sitemaps and pages, politely: robots.txt honoured (RFC 9309), one request
//! at a time with a delay per host (robots.txt's Crawl-delay when longer), a User-Agent naming
//! copyspot, retries with exponential backoff on 429, 5xx and network errors.

use std::collections::HashMap;
use std::thread::sleep;
use std::time::{Duration, Instant};

use texting_robots::Robot;
use ureq::http::Uri;

/// What copyspot calls itself to servers.
pub const USER_AGENT: &str = concat!(
    "copyspot/",
    env!("CARGO_PKG_VERSION"),
    " (reference pack builder; robots.txt honoured)"
);
/// The product token robots.txt groups are matched against.
const ROBOTS_AGENT: &str = "copyspot";
/// Attempts after the first.
const RETRIES: u32 = 3;
/// Bodies larger than this are refused.
const MAX_BYTES: u64 = 32 << 20;

/// Why a URL was not fetched: the reasons the build's summary counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    NotHttp,
    DisallowedByRobots,
    Status(u16),
    Network(String),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NotHttp => write!(f, "not an http(s) URL"),
            Skip::DisallowedByRobots => write!(f, "disallowed by robots.txt"),
            Skip::Status(code) => write!(f, "HTTP {code}"),
            Skip::Network(error) => write!(f, "network error ({error})"),
        }
    }
}

/// A fetched body and its content type.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub content_type: String,
}

/// One politely fetching client.
pub struct Fetcher {
    agent: ureq::Agent,
    delay: Duration,
    /// Per origin: its robots.txt rules and when it was last asked.
    hosts: HashMap<String, Host>,
}

struct Host {
    robots: Rules,
    last_request: Option<Instant>,
}

enum Rules {
    AllowAll,
    DisallowAll,
    Parsed(Box<Robot>),
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("delay", &self.delay)
            .field("hosts", &self.hosts.len())
            .finish()
    }
}

impl Fetcher {
    /// A fetcher waiting `delay` between two requests to one host.
    pub fn new(delay: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .user_agent(USER_AGENT)
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .build();
        Fetcher {
            agent: config.into(),
            delay,
            hosts: HashMap::new(),
        }
    }

    /// The body at `url`, or why not.
    pub fn get(&mut self, url: &str) -> Result<Fetched, Skip> {
        let uri: Uri = url.parse().map_err(|_| Skip::NotHttp)?;
        let (Some(scheme @ ("http" | "https")), Some(authority)) = (
            uri.scheme_str(),
            uri.authority().map(|a| a.as_str().to_owned()),
        ) else {
            return Err(Skip::NotHttp);
        };
        let origin = format!("{scheme}://{authority}");
        if !self.hosts.contains_key(&origin) {
            let robots = self.robots(&origin);
            if let Some(host) = self.hosts.get_mut(&origin) {
                host.robots = robots;
            }
        }
        let allowed = match &self.hosts[&origin].robots {
            Rules::AllowAll => true,
            Rules::DisallowAll => false,
            Rules::Parsed(robot) => robot.allowed(url),
        };
        if !allowed {
            return Err(Skip::DisallowedByRobots);
        }
        self.request(&origin, url)
    }

    /// robots.txt of an origin: 4xx means no rules, 5xx or no answer means stay away (RFC 9309
    /// §2.3.1.3–4). Registers the host, so the request counts towards its delay.
    fn robots(&mut self, origin: &str) -> Rules {
        self.hosts.insert(
            origin.to_owned(),
            Host {
                robots: Rules::AllowAll,
                last_request: None,
            },
        );
        match self.request(origin, &format!("{origin}/robots.txt")) {
            Ok(fetched) => Robot::new(ROBOTS_AGENT, &fetched.bytes)
                .map(|robot| Rules::Parsed(Box::new(robot)))
                .unwrap_or(Rules::AllowAll),
            Err(Skip::Status(400..=499)) => Rules::AllowAll,
            Err(_) => Rules::DisallowAll,
        }
    }

    /// One GET, after the host's delay, retried with backoff.
    fn request(&mut self, origin: &str, url: &str) -> Result<Fetched, Skip> {
        let mut attempt = 0;
        loop {
            self.wait_for(origin);
            let outcome = self.agent.get(url).call();
            if let Some(host) = self.hosts.get_mut(origin) {
                host.last_request = Some(Instant::now());
            }
            let retry_after = match outcome {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if status == 200 {
                        let content_type = response
                            .headers()
                            .get("content-type")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or_default()
                            .to_ascii_lowercase();
                        let bytes = response
                            .body_mut()
                            .with_config()
                            .limit(MAX_BYTES)
                            .read_to_vec()
                            .map_err(|e| Skip::Network(e.to_string()))?;
                        return Ok(Fetched {
                            bytes,
                            content_type,
                        });
                    }
                    if status != 429 && status < 500 {
                        return Err(Skip::Status(status));
                    }
                    if attempt == RETRIES {
                        return Err(Skip::Status(status));
                    }
                    response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
                        .map(|seconds| Duration::from_secs(seconds.min(60)))
                }
                Err(error) if attempt == RETRIES => return Err(Skip::Network(error.to_string())),
                Err(_) => None,
            };
            let backoff = self.delay.max(Duration::from_millis(250)) * 2u32.pow(attempt);
            sleep(retry_after.unwrap_or(backoff));
            attempt += 1;
        }
    }

    fn wait_for(&self, origin: &str) {
        let Some(host) = self.hosts.get(origin) else {
            return;
        };
        let crawl_delay = match &host.robots {
            Rules::Parsed(robot) => robot
                .delay
                .map(|d| Duration::from_secs_f32(d.clamp(0.0, 60.0))),
            _ => None,
        };
        let delay = self.delay.max(crawl_delay.unwrap_or_default());
        if let Some(last) = host.last_request {
            let due = last + delay;
            let now = Instant::now();
            if due > now {
                sleep(due - now);
            }
        }
    }
}
