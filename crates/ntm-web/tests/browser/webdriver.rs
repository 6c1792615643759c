//! A minimal W3C WebDriver client: JSON over HTTP/1.1 to a local chromedriver, one connection per
//! command, with just the commands the tests use.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

pub type Result<T> = std::result::Result<T, String>;

/// One HTTP exchange with the driver: returns the status and the parsed JSON body.
pub fn request(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value)> {
    let io = |e: std::io::Error| format!("{method} {path}: {e}");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(io)?;
    stream.set_read_timeout(Some(Duration::from_secs(120))).map_err(io)?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    stream.write_all(head.as_bytes()).map_err(io)?;
    stream.write_all(payload.as_bytes()).map_err(io)?;
    stream.flush().map_err(io)?;

    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).map_err(io)?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{method} {path}: bad status line {status_line:?}"))?;
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(io)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut bytes = Vec::new();
    match length {
        Some(n) => {
            bytes.resize(n, 0);
            reader.read_exact(&mut bytes).map_err(io)?;
        }
        // No length: the driver closes the connection after the body.
        None => {
            reader.read_to_end(&mut bytes).map_err(io)?;
        }
    }
    let json = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).map_err(|e| format!("{method} {path}: {e}"))?
    };
    Ok((status, json))
}

/// A browser session.
pub struct Session {
    port: u16,
    id: String,
}

/// An element of the current page.
pub struct Element<'a> {
    session: &'a Session,
    id: String,
}

impl Session {
    /// Starts a browser through the driver listening on `port`.
    pub fn new(port: u16, capabilities: Value) -> Result<Session> {
        let (status, body) = request(port, "POST", "/session", Some(&json!({ "capabilities": capabilities })))?;
        let id = body["value"]["sessionId"].as_str().map(str::to_string);
        match id {
            Some(id) if status == 200 => Ok(Session { port, id }),
            _ => Err(format!("new session refused ({status}): {body}")),
        }
    }

    /// A command of this session; a WebDriver error becomes `Err`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value> {
        let full = format!("/session/{}{path}", self.id);
        let (status, mut json) = request(self.port, method, &full, body.as_ref())?;
        if status != 200 {
            let v = &json["value"];
            return Err(format!("{method} {path}: {} ({status}): {}", v["error"], v["message"]));
        }
        Ok(json["value"].take())
    }

    fn string(&self, method: &str, path: &str) -> Result<String> {
        let v = self.call(method, path, None)?;
        v.as_str().map(str::to_string).ok_or_else(|| format!("{path}: not a string: {v}"))
    }

    /// Navigates and waits for the page to load.
    pub fn goto(&self, url: &str) -> Result<()> {
        self.call("POST", "/url", Some(json!({ "url": url }))).map(drop)
    }

    pub fn url(&self) -> Result<String> {
        self.string("GET", "/url")
    }

    pub fn title(&self) -> Result<String> {
        self.string("GET", "/title")
    }

    pub fn source(&self) -> Result<String> {
        self.string("GET", "/source")
    }

    /// The first element matching a CSS selector (the session's implicit wait applies).
    pub fn find(&self, css: &str) -> Result<Element<'_>> {
        let v = self.call("POST", "/element", Some(json!({ "using": "css selector", "value": css })))?;
        let id = v[ELEMENT].as_str().ok_or_else(|| format!("{css}: no element reference in {v}"))?;
        Ok(Element { session: self, id: id.to_string() })
    }

    /// Runs a script synchronously (needs JavaScript on) and returns its result.
    pub fn execute(&self, script: &str) -> Result<Value> {
        self.call("POST", "/execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Result<Vec<u8>> {
        base64(&self.string("GET", "/screenshot")?)
    }

    /// A Chrome DevTools command through chromedriver (to emulate print media or a page's
    /// width).
    pub fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        self.call("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })))
    }

    /// The page printed to PDF (WebDriver's Print Page): A4, in the given orientation, as the
    /// browser's print dialog would make it.
    pub fn print_pdf(&self, landscape: bool) -> Result<Vec<u8>> {
        let orientation = if landscape { "landscape" } else { "portrait" };
        let v = self.call(
            "POST",
            "/print",
            Some(json!({ "orientation": orientation, "page": { "width": 21.0, "height": 29.7 }, "background": false })),
        )?;
        base64(v.as_str().ok_or_else(|| format!("print: not a string: {v}"))?)
    }
}

impl Drop for Session {
    /// Closes the browser, also when a test failed.
    fn drop(&mut self) {
        let _ = request(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

impl Element<'_> {
    fn call(&self, method: &str, what: &str, body: Option<Value>) -> Result<Value> {
        self.session.call(method, &format!("/element/{}/{what}", self.id), body)
    }

    pub fn click(&self) -> Result<()> {
        self.call("POST", "click", Some(json!({}))).map(drop)
    }

    pub fn clear(&self) -> Result<()> {
        self.call("POST", "clear", Some(json!({}))).map(drop)
    }

    pub fn send_keys(&self, text: &str) -> Result<()> {
        self.call("POST", "value", Some(json!({ "text": text }))).map(drop)
    }

    /// The rendered text.
    pub fn text(&self) -> Result<String> {
        let v = self.call("GET", "text", None)?;
        v.as_str().map(str::to_string).ok_or_else(|| format!("text: not a string: {v}"))
    }

    /// A property of the DOM element (e.g. `value` of an input).
    pub fn property(&self, name: &str) -> Result<Value> {
        self.call("GET", &format!("property/{name}"), None)
    }
}

/// Standard base64, as screenshots come.
fn base64(text: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(format!("not base64: {c}")),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
