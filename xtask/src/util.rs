//! Small helpers shared by the tasks: the environment every tool runs in,
//! running commands, version strings, a raw HTTP GET and POSIX signals.

use std::env;
use std::ffi::{OsStr, OsString};
use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// An error that ends the task with a message for the developer.
pub struct Fail(pub String);

impl fmt::Debug for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<io::Error> for Fail {
    fn from(e: io::Error) -> Self {
        Fail(e.to_string())
    }
}

pub type Res<T = ()> = Result<T, Fail>;

/// Shorthand for returning a `Fail`.
pub fn fail<T>(msg: impl Into<String>) -> Res<T> {
    Err(Fail(msg.into()))
}

/// A progress line, such as `==> installing trunk 0.21.14`.
pub fn step(msg: impl fmt::Display) {
    match log_file() {
        Some(mut f) => {
            let _ = writeln!(f, "==> {msg}");
        }
        None => {
            println!("==> {msg}");
            let _ = io::stdout().flush();
        }
    }
}

thread_local! {
    /// Where this thread's commands write: a file for a stage run beside another (so that the two
    /// outputs do not mix), else the terminal.
    static LOG: std::cell::RefCell<Option<std::fs::File>> = const { std::cell::RefCell::new(None) };
}

/// Sends what this thread's commands print (and [`step`] lines) to `file`, or back to the terminal.
pub fn log_to(file: Option<std::fs::File>) {
    LOG.with(|l| *l.borrow_mut() = file);
}

fn log_file() -> Option<std::fs::File> {
    LOG.with(|l| l.borrow().as_ref().and_then(|f| f.try_clone().ok()))
}

/// A line saying that something is already in place.
pub fn ok(msg: impl fmt::Display) {
    println!("ok  {msg}");
    let _ = io::stdout().flush();
}

pub fn warn(msg: impl fmt::Display) {
    println!("warning: {msg}");
    let _ = io::stdout().flush();
}

/// Where the repository is and the environment that every child process gets.
pub struct Ctx {
    pub root: PathBuf,
    path: OsString,
    /// Set by `setup` once ChromeDriver has been found.
    pub chromedriver: Option<PathBuf>,
}

impl Ctx {
    pub fn new() -> Ctx {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives one level below the repository root")
            .to_path_buf();
        // node_modules/.bin comes first: it has the tailwindcss and wasm-opt
        // (binaryen 132) that Trunk must use. Then cargo's bin directory, so that
        // freshly installed trunk and wasm-bindgen are found.
        let mut dirs = vec![
            root.join("node_modules").join(".bin"),
            cargo_home().join("bin"),
        ];
        let old = env::var_os("PATH").unwrap_or_default();
        for dir in env::split_paths(&old) {
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        let path = env::join_paths(dirs).expect("PATH entries contain no separator");
        Ctx {
            root,
            path,
            chromedriver: None,
        }
    }

    /// A command run in the repository root with the project's environment.
    pub fn cmd(&self, program: impl AsRef<OsStr>) -> Command {
        let mut c = Command::new(program);
        c.current_dir(&self.root)
            .env("PATH", &self.path)
            .env("TRUNK_SKIP_VERSION_CHECK", "true")
            // wasm-bindgen-test-runner prefers these over chromedriver.
            .env_remove("GECKODRIVER")
            .env_remove("SAFARIDRIVER");
        if let Some(driver) = &self.chromedriver {
            c.env("CHROMEDRIVER", driver);
        }
        if let Some(f) = log_file() {
            if let Ok(out) = f.try_clone() {
                c.stdout(out);
            }
            c.stderr(f);
        }
        c
    }

    /// `cargo`, the same one that runs this xtask when possible.
    pub fn cargo(&self) -> Command {
        self.cmd(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
    }

    /// Looks a program up on the project's PATH.
    pub fn which(&self, name: &str) -> Option<PathBuf> {
        env::split_paths(&self.path)
            .map(|dir| dir.join(name))
            .find(|p| is_executable(p))
    }

    /// Cargo's target directory.
    pub fn target_dir(&self) -> PathBuf {
        match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }
}

pub fn cargo_home() -> PathBuf {
    if let Some(dir) = env::var_os("CARGO_HOME") {
        return PathBuf::from(dir);
    }
    let home = env::var_os("HOME").unwrap_or_else(|| "/root".into());
    PathBuf::from(home).join(".cargo")
}

pub fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

/// Shows a command the way a shell would, for messages.
pub fn show(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().into_owned();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs a command with inherited output; fails when it does not succeed.
pub fn run(mut c: Command) -> Res {
    let status = c
        .status()
        .map_err(|e| Fail(format!("could not start `{}`: {e}", show(&c))))?;
    if status.success() {
        Ok(())
    } else {
        fail(format!("`{}` failed ({})", show(&c), describe(status)))
    }
}

/// Runs a command and returns its stdout and stderr together, without colour
/// codes, or `None` when it cannot be started or does not succeed.
///
/// CI machines set `CI=true`, and some tools (Tailwind's CLI among them) then
/// colour their output even into a pipe; the version would hide inside escape
/// sequences. So colour is asked off and whatever comes anyway is stripped.
pub fn output(mut c: Command) -> Option<String> {
    c.env("NO_COLOR", "1").env_remove("FORCE_COLOR");
    // Piped even when this thread's commands write to a log file (`log_to`).
    let out = c
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(strip_ansi(&s))
}

/// `text` without ANSI escape sequences (`ESC [ ... final-byte`, and the
/// two-character `ESC x` forms).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                // Parameters and intermediates, then one final byte in @..=~.
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                // An operating-system command ends with BEL or ESC \.
                while let Some(c) = chars.next() {
                    if c == '\u{7}' {
                        break;
                    }
                    if c == '\u{1b}' {
                        chars.next();
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Runs a command, echoing its stdout line by line and handing each line to
/// `on_line`. Stderr is inherited.
pub fn run_tee(mut c: Command, mut on_line: impl FnMut(&str)) -> io::Result<ExitStatus> {
    let mut child = c.stdout(Stdio::piped()).spawn()?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut reader = BufReader::new(stdout);
    let mut buf = Vec::new();
    let mut out: Box<dyn Write> = match log_file() {
        Some(f) => Box::new(f),
        None => Box::new(io::stdout()),
    };
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        let _ = out.write_all(&buf);
        let _ = out.flush();
        on_line(&String::from_utf8_lossy(&buf));
    }
    child.wait()
}

pub fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(sig)) => format!("killed by signal {sig}"),
        _ => status.to_string(),
    }
}

/// The first thing that looks like a version number (`0.21.14`, `v20.1.0`,
/// `148.0.7778.167`) in a tool's `--version` output.
pub fn find_version(text: &str) -> Option<String> {
    for word in text.split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',') {
        let word = word.strip_prefix('v').unwrap_or(word);
        if word.starts_with(|c: char| c.is_ascii_digit()) && word.contains('.') {
            let end = word
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .unwrap_or(word.len());
            return Some(word[..end].to_string());
        }
    }
    None
}

/// The leading number of a version: `148` of `148.0.7778.167`.
pub fn major(version: &str) -> Option<u32> {
    version.split('.').next()?.parse().ok()
}

/// The version a program prints with `--version`, if it runs.
pub fn tool_version(ctx: &Ctx, program: impl AsRef<OsStr>) -> Option<String> {
    let mut c = ctx.cmd(program);
    c.arg("--version");
    output(c).and_then(|s| find_version(&s))
}

/// The number written just before `word` in `s`: `number_before("3 passed", " passed") == Some(3)`.
pub fn number_before(s: &str, word: &str) -> Option<u64> {
    let head = s[..s.find(word)?].trim_end();
    let start = head
        .rfind(|c: char| !c.is_ascii_digit())
        .map(|i| i + 1)
        .unwrap_or(0);
    head[start..].parse().ok()
}

/// A port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> Res<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Fail(format!("cannot bind a port on 127.0.0.1: {e}")))?;
    Ok(listener.local_addr()?.port())
}

/// A new, empty directory under the system's temporary directory.
pub fn fresh_temp_dir(prefix: &str) -> Res<PathBuf> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir)
        .map_err(|e| Fail(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}

/// A plain HTTP/1.1 GET; returns the status code and the body.
pub fn http_get(addr: SocketAddr, path: &str) -> io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .lines()
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an HTTP response"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or("")
        .to_string();
    Ok((status, body))
}

pub fn secs(since: Instant) -> String {
    let s = since.elapsed().as_secs_f64();
    if s < 60.0 {
        format!("{s:.1} s")
    } else {
        format!("{}m {:02}s", (s / 60.0) as u64, (s % 60.0) as u64)
    }
}

pub fn mtime(p: &Path) -> Option<SystemTime> {
    p.metadata().and_then(|m| m.modified()).ok()
}

// POSIX signals, straight from the C library that std already links. The project's only unsafe
// code (the workspace denies `unsafe_code` everywhere else).
#[allow(unsafe_code)]
mod sys {
    use std::os::raw::c_int;
    unsafe extern "C" {
        pub fn kill(pid: c_int, sig: c_int) -> c_int;
        pub fn signal(signum: c_int, handler: usize) -> usize;
    }
}

const SIGINT: i32 = 2;
const SIGTERM: i32 = 15;
const SIG_IGN: usize = 1;

/// Sends SIGTERM to a process.
#[allow(unsafe_code)]
pub fn terminate(pid: u32) -> io::Result<()> {
    // SAFETY: kill(2) takes plain integers and touches no memory of ours.
    let rc = unsafe { sys::kill(pid as i32, SIGTERM) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Makes this process ignore Ctrl-C, so that it can wait for a child that
/// received the same signal to finish shutting down. Call it after spawning
/// the child: an ignored signal stays ignored across exec.
#[allow(unsafe_code)]
pub fn ignore_ctrl_c() {
    // SAFETY: SIG_IGN installs no handler code; nothing else here uses signals.
    unsafe {
        sys::signal(SIGINT, SIG_IGN);
    }
}

/// A Python package the tests run, pinned by `package==VERSION` in a requirements file and
/// installed into a virtualenv under `target/` (the SMTP sink, the API fuzz).
pub struct PinnedVenv {
    /// The folder under `target/`.
    pub dir: &'static str,
    /// The requirements file, from the repository root.
    pub requirements: &'static str,
    /// The package whose version is pinned and checked.
    pub package: &'static str,
    /// What it is for, in the `ok` line ("the test SMTP server").
    pub purpose: &'static str,
}

impl PinnedVenv {
    /// The venv folder.
    pub fn venv(&self, ctx: &Ctx) -> PathBuf {
        ctx.target_dir().join(self.dir)
    }

    /// The version pinned in the requirements file.
    fn pinned(&self, ctx: &Ctx) -> Res<String> {
        let text = std::fs::read_to_string(ctx.root.join(self.requirements))
            .map_err(|e| Fail(format!("cannot read {}: {e}", self.requirements)))?;
        let prefix = format!("{}==", self.package);
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix.as_str()).map(str::to_owned))
            .ok_or_else(|| {
                Fail(format!(
                    "{} pins no {}==VERSION",
                    self.requirements, self.package
                ))
            })
    }

    /// The venv's Python, with the pinned version installed (made or updated if need be).
    pub fn ensure(&self, ctx: &Ctx) -> Res<PathBuf> {
        let want = self.pinned(ctx)?;
        let venv = self.venv(ctx);
        let python = venv.join("bin").join("python");
        let version = || {
            let mut c = ctx.cmd(&python);
            c.args([
                "-c",
                &format!(
                    "import importlib.metadata as m; print(m.version('{}'))",
                    self.package
                ),
            ]);
            output(c).map(|s| s.trim().to_string())
        };
        if version().as_deref() == Some(want.as_str()) {
            ok(format!(
                "{} {want} ({}, {})",
                self.package,
                self.purpose,
                venv.display()
            ));
            return Ok(python);
        }
        let runs = |p: &Path| {
            let mut c = ctx.cmd(p);
            c.args(["-c", "import sys"]);
            output(c).is_some()
        };
        if !runs(&python) {
            let Some(python3) = ctx.which("python3") else {
                return fail(format!(
                    "python3 was not found; {} needs Python 3 with venv \
                     (Debian/Ubuntu: apt-get install python3 python3-venv)",
                    self.purpose
                ));
            };
            step(format!("python3 -m venv {}", venv.display()));
            if venv.exists() {
                let _ = std::fs::remove_dir_all(&venv);
            }
            let mut c = ctx.cmd(&python3);
            c.args(["-m", "venv"]).arg(&venv);
            run(c).map_err(|Fail(m)| {
                Fail(format!(
                    "{m}; the venv module is missing? (apt-get install python3-venv)"
                ))
            })?;
        }
        step(format!(
            "pip install {}=={want} into {}",
            self.package,
            venv.display()
        ));
        let mut c = ctx.cmd(&python);
        c.args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "-r",
        ])
        .arg(ctx.root.join(self.requirements));
        run(c).map_err(|Fail(m)| Fail(format!("{m} (is PyPI reachable?)")))?;
        match version() {
            Some(v) if v == want => Ok(python),
            other => fail(format!(
                "after pip install, the venv has {} {other:?}, expected {want}",
                self.package
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(find_version("trunk 0.21.14\n").as_deref(), Some("0.21.14"));
        assert_eq!(find_version("v20.20.2").as_deref(), Some("20.20.2"));
        assert_eq!(
            find_version("Chromium 148.0.7778.167 built on Debian GNU/Linux 12 (bookworm)")
                .as_deref(),
            Some("148.0.7778.167")
        );
        assert_eq!(
            find_version(
                "ChromeDriver 148.0.7778.167 (65db666ac2cf-refs/branch-heads/7778@{#2783})"
            )
            .as_deref(),
            Some("148.0.7778.167")
        );
        assert_eq!(find_version("wasm-opt version 132 (version_132)"), None);
        // What Tailwind's CLI prints under CI=true, colours and all.
        let coloured = "\u{1b}[3m\u{1b}[1m\u{1b}[34m\u{2248}\u{1b}[39m\u{1b}[22m\u{1b}[23m \
                        tailwindcss \u{1b}[34mv4.3.5\u{1b}[39m\n";
        assert_eq!(
            find_version(&strip_ansi(coloured)).as_deref(),
            Some("4.3.5")
        );
        assert_eq!(strip_ansi("a\u{1b}]8;;http://x\u{7}b\u{1b}[0m"), "ab");
        assert_eq!(major("148.0.7778.167"), Some(148));
    }

    #[test]
    fn numbers() {
        let line =
            "test result: FAILED. 12 passed; 3 failed; 0 ignored; 0 measured; 0 filtered out";
        assert_eq!(number_before(line, " passed"), Some(12));
        assert_eq!(number_before(line, " failed"), Some(3));
        assert_eq!(number_before("# pass 7", "zzz"), None);
        assert_eq!(strip_ansi("\u{1b}[32mok\u{1b}[0m."), "ok.");
    }
}
