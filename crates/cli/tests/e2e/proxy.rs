//! A fault-injecting HTTP proxy in front of moto, on loopback.
//!
//! `share_aws::testing::Faults` are installed in-process, so they cannot reach the `share`
//! binary. The binary is pointed at this proxy instead (`--endpoint-url`): every request is
//! passed to moto unchanged, except those a rule answers itself with a fabricated AWS
//! error. moto answers every call with `connection: close`, and so does the proxy, so one
//! request per connection is all it has to handle.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// A request as the proxy saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent (`/bucket?policy`).
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The service of the SigV4 credential scope (`s3`, `iam`, `ec2`, `sts`…).
    pub fn service(&self) -> Option<&str> {
        let auth = self.header("authorization")?;
        let scope = auth.split("Credential=").nth(1)?.split([',', ' ']).next()?;
        scope.split('/').nth(3)
    }

    /// The `Action` of a query-protocol call (IAM, EC2, STS), from the form body.
    pub fn action(&self) -> Option<String> {
        let body = String::from_utf8_lossy(&self.body);
        body.split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
            .map(str::to_owned)
    }

    /// S3 `PutBucketPolicy`.
    pub fn is_put_bucket_policy(&self) -> bool {
        self.method == "PUT"
            && self.service() == Some("s3")
            && self
                .query()
                .split('&')
                .any(|p| p == "policy" || p == "policy=")
    }

    /// S3 Control `CreateAccessPoint` (`PUT /v20180820/accesspoint/NAME`).
    pub fn is_create_access_point(&self) -> bool {
        let path = self
            .target
            .split_once('?')
            .map_or(self.target.as_str(), |(p, _)| p);
        self.method == "PUT"
            && path.starts_with("/v20180820/accesspoint/")
            && !path.ends_with("/policy")
    }

    /// S3 Control `PutAccessPointPolicy`.
    pub fn is_put_access_point_policy(&self) -> bool {
        self.method == "PUT"
            && self.target.starts_with("/v20180820/accesspoint/")
            && self
                .target
                .split('?')
                .next()
                .is_some_and(|p| p.ends_with("/policy"))
    }

    /// EC2 `ModifyVpcEndpoint` (how endpoint policies are written).
    pub fn is_modify_vpc_endpoint(&self) -> bool {
        self.action().as_deref() == Some("ModifyVpcEndpoint")
    }

    /// STS `AssumeRole`.
    pub fn is_assume_role(&self) -> bool {
        self.action().as_deref() == Some("AssumeRole")
    }
}

/// A fabricated answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    /// An S3 error (`<Error>` at the root).
    pub fn s3(status: u16, code: &str, message: &str) -> Self {
        Self {
            status,
            body: format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>proxy-fault</RequestId></Error>"#
            ),
        }
    }

    /// An S3 Control error (wrapped in `<ErrorResponse>`).
    pub fn s3control(status: u16, code: &str, message: &str) -> Self {
        Self {
            status,
            body: format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>{code}</Code><Message>{message}</Message></Error><RequestId>proxy-fault</RequestId></ErrorResponse>"#
            ),
        }
    }

    /// An EC2 error.
    pub fn ec2(status: u16, code: &str, message: &str) -> Self {
        Self {
            status,
            body: format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>proxy-fault</RequestID></Response>"#
            ),
        }
    }

    /// An STS / IAM error (`<ErrorResponse>`).
    pub fn sts(status: u16, code: &str, message: &str) -> Self {
        Self {
            status,
            body: format!(
                r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>proxy-fault</RequestId></ErrorResponse>"#
            ),
        }
    }
}

/// Decides whether to answer a request itself.
pub type Rule = Box<dyn Fn(&Request) -> Option<Answer> + Send + Sync>;

/// A rule that answers the first `times` requests `matches` picks with `answer`, then lets
/// them through.
pub fn first(
    times: usize,
    matches: impl Fn(&Request) -> bool + Send + Sync + 'static,
    answer: Answer,
) -> Rule {
    let fired = std::sync::atomic::AtomicUsize::new(0);
    Box::new(move |r| {
        (matches(r) && fired.fetch_add(1, Ordering::SeqCst) < times).then(|| answer.clone())
    })
}

/// The running proxy; stopped on drop.
pub struct Proxy {
    address: SocketAddr,
    stop: Arc<AtomicBool>,
    answered: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    /// Starts a proxy to `upstream` that applies `rules` (the first that answers wins).
    pub fn start(upstream: SocketAddr, rules: Vec<Rule>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let address = listener.local_addr().expect("proxy address");
        let stop = Arc::new(AtomicBool::new(false));
        let answered = Arc::new(Mutex::new(Vec::new()));
        let rules = Arc::new(rules);
        let thread = {
            let (stop, answered) = (stop.clone(), answered.clone());
            std::thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(conn) = conn else { continue };
                    let (rules, answered) = (rules.clone(), answered.clone());
                    std::thread::spawn(move || {
                        let _ = serve(conn, upstream, &rules, &answered);
                    });
                }
            })
        };
        Self {
            address,
            stop,
            answered,
            thread: Some(thread),
        }
    }

    /// The endpoint URL to give `share`.
    pub fn endpoint_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// `METHOD TARGET` of every request a rule answered.
    pub fn answered(&self) -> Vec<String> {
        self.answered.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(
    mut client: TcpStream,
    upstream: SocketAddr,
    rules: &[Rule],
    answered: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    let (raw, request) = read_request(&mut client)?;
    if let Some(answer) = rules.iter().find_map(|rule| rule(&request)) {
        if let Ok(mut a) = answered.lock() {
            a.push(format!("{} {}", request.method, request.target));
        }
        let response = format!(
            "HTTP/1.1 {} Fault\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nx-amzn-requestid: proxy-fault\r\nConnection: close\r\n\r\n{}",
            answer.status,
            answer.body.len(),
            answer.body
        );
        client.write_all(response.as_bytes())?;
    } else {
        let mut server = TcpStream::connect(upstream)?;
        server.set_read_timeout(Some(Duration::from_secs(60)))?;
        server.write_all(&raw)?;
        let response = read_response(&mut server)?;
        client.write_all(&response)?;
    }
    client.flush()?;
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}

/// Reads until the end of the head; returns the head's length and the bytes so far.
fn read_head(stream: &mut TcpStream) -> std::io::Result<(Vec<u8>, usize)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Ok((buf, i + 4));
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed in the head"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn headers_of(head: &str) -> Vec<(String, String)> {
    head.lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

/// Reads a body after the head: by `Content-Length`, to the chunked terminator, or to EOF.
fn read_body(
    stream: &mut TcpStream,
    mut buf: Vec<u8>,
    head_len: usize,
    headers: &[(String, String)],
    to_eof: bool,
) -> std::io::Result<Vec<u8>> {
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut chunk = [0u8; 8192];
    if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        while buf.len() < head_len + len {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        while !buf[head_len..].ends_with(b"0\r\n\r\n") {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    } else if to_eof {
        loop {
            let n = stream.read(&mut chunk)?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    }
    Ok(buf)
}

fn read_request(stream: &mut TcpStream) -> std::io::Result<(Vec<u8>, Request)> {
    let (buf, head_len) = read_head(stream)?;
    let head = String::from_utf8_lossy(&buf[..head_len]).into_owned();
    let headers = headers_of(&head);
    let raw = read_body(stream, buf, head_len, &headers, false)?;
    let mut first = head.lines().next().unwrap_or_default().split_whitespace();
    let request = Request {
        method: first.next().unwrap_or_default().to_owned(),
        target: first.next().unwrap_or_default().to_owned(),
        headers,
        body: raw[head_len..].to_vec(),
    };
    Ok((raw, request))
}

fn read_response(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let (buf, head_len) = read_head(stream)?;
    let head = String::from_utf8_lossy(&buf[..head_len]).into_owned();
    let headers = headers_of(&head);
    read_body(stream, buf, head_len, &headers, true)
}
