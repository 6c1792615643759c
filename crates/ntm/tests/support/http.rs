//! A small HTTP/1.1 client over one keep-alive connection from a loopback address of its own,
//! for the tests that drive the real server binary (`load.rs`, `crash.rs`); no dependency.
#![allow(dead_code)]

use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpSocket, TcpStream};

pub struct Reply {
    pub status: u16,
    pub cookie: Option<String>,
    pub body: String,
}

/// A client of one keep-alive connection from its own loopback address, speaking HTTP/1.1.
pub struct Client {
    pub stream: BufReader<TcpStream>,
    addr: SocketAddr,
    pub cookie: Option<String>,
}

impl Client {
    pub async fn connect(addr: SocketAddr, n: usize) -> std::io::Result<Client> {
        let socket = TcpSocket::new_v4()?;
        socket.bind(format!("127.0.1.{}:0", 1 + n % 250).parse().unwrap())?;
        let stream = socket.connect(addr).await?;
        Ok(Client { stream: BufReader::new(stream), addr, cookie: None })
    }

    pub async fn get(&mut self, path: &str) -> std::io::Result<Reply> {
        self.send("GET", path, None).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> std::io::Result<Reply> {
        let body = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        self.send("POST", path, Some(body)).await
    }

    pub async fn send(&mut self, method: &str, path: &str, body: Option<String>) -> std::io::Result<Reply> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        if let Some(c) = &self.cookie {
            req.push_str(&format!("Cookie: ntm_session={c}\r\n"));
        }
        if let Some(b) = &body {
            req.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                b.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body.as_deref().unwrap_or(""));
        self.stream.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, format!("status line {line:?}")))?;
        let (mut length, mut chunked, mut cookie) = (0usize, false, None);
        loop {
            line.clear();
            self.stream.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let (k, v) = l.split_once(':').unwrap_or((l, ""));
            let (k, v) = (k.to_ascii_lowercase(), v.trim());
            match k.as_str() {
                "content-length" => length = v.parse().unwrap_or(0),
                "transfer-encoding" => chunked = v.contains("chunked"),
                "set-cookie" if v.starts_with("ntm_session=") => {
                    let token = v["ntm_session=".len()..].split(';').next().unwrap_or("");
                    cookie = (!token.is_empty()).then(|| token.to_string());
                }
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.stream.read_line(&mut line).await?;
                let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; size + 2];
                self.stream.read_exact(&mut chunk).await?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            body.resize(length, 0);
            self.stream.read_exact(&mut body).await?;
        }
        if cookie.is_some() {
            self.cookie = cookie.clone();
        }
        Ok(Reply { status, cookie, body: String::from_utf8_lossy(&body).into_owned() })
    }

    /// Signs in (the demo's password when `password` is `None`).
    pub async fn sign_in(&mut self, user: &str, password: Option<&str>) -> std::io::Result<()> {
        let password = password.unwrap_or("minhhoa2024");
        let r = self.post("/login", &[("username", user), ("password", password), ("next", "/")]).await?;
        assert_eq!(r.status, 303, "sign-in of {user}: {}", r.body);
        assert!(r.cookie.is_some(), "a session");
        Ok(())
    }
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of the hidden input `name` on a page.
pub fn input(html: &str, name: &str) -> Option<String> {
    let tag = html.split(&format!("name=\"{name}\"")).nth(1)?;
    let value = tag.split("value=\"").nth(1)?.split('"').next()?;
    Some(value.replace("&#x7c;", "|").replace("&#124;", "|").replace("&quot;", "\"").replace("&amp;", "&"))
}

/// Reads an entry form (`/entry/{unit}/{period}/{criterion}`) and saves `values` in it, each with
/// the revision it was read at; the form's answer, or the form itself when it could not be read.
pub async fn save(c: &mut Client, path: &str, values: &[(&str, &str)]) -> std::io::Result<Reply> {
    let form = c.get(path).await?;
    if form.status != 200 {
        return Ok(form);
    }
    let csrf = input(&form.body, "csrf").unwrap_or_default();
    let mut fields = vec![("csrf".to_string(), csrf)];
    for (element, value) in values {
        let shown = input(&form.body, &format!("s:{element}")).unwrap_or_default();
        fields.push((format!("v:{element}"), value.to_string()));
        fields.push((format!("s:{element}"), shown));
    }
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    c.post(path, &borrowed).await
}

/// A loopback address with a port free now (for a server to bind).
pub fn free_address() -> SocketAddr {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_or(0, |a| a.port());
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// Waits until the server at `addr` answers `/healthz`; false after `limit`.
pub async fn answers(addr: SocketAddr, limit: std::time::Duration) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if let Ok(mut c) = Client::connect(addr, 0).await
            && c.get("/healthz").await.is_ok_and(|r| r.status == 200)
        {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    false
}
