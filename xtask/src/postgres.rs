//! A throwaway PostgreSQL cluster for the tests and the load benchmark: `initdb` into `target/`,
//! started on a free port of 127.0.0.1, stopped and removed afterwards ([`Cluster`]'s `Drop`). Run
//! as root, the cluster belongs to the `postgres` user (PostgreSQL refuses to run as root). `setup`
//! installs Debian's `postgresql` package when `initdb` is missing.

use std::fs;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use crate::util::*;

/// The folder of `initdb` and `pg_ctl`: Debian keeps them in `/usr/lib/postgresql/N/bin`
/// (the highest N), else the PATH's.
fn bin_dir(ctx: &Ctx) -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let n = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            is_executable(&bin.join("initdb")).then_some((n, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .or_else(|| Some(ctx.which("initdb")?.parent()?.to_path_buf()))
}

fn is_root(ctx: &Ctx) -> bool {
    let mut id = ctx.cmd("id");
    id.arg("-u");
    output(id).map(|s| s.trim() == "0").unwrap_or(false)
}

/// Installs Debian's `postgresql` package when `initdb` is missing (as root, with apt-get).
pub fn ensure(ctx: &Ctx) -> Res {
    if let Some(bin) = bin_dir(ctx) {
        ok(format!("PostgreSQL ({})", bin.display()));
        return Ok(());
    }
    if !is_root(ctx) || ctx.which("apt-get").is_none() {
        return fail(
            "PostgreSQL's initdb is missing: install the package `postgresql` (Debian/Ubuntu: \
             `sudo apt-get install -y postgresql`); the tests make their own throwaway cluster",
        );
    }
    step("PostgreSQL is missing: apt-get install postgresql (about a minute)");
    let mut update = ctx.cmd("apt-get");
    update.arg("update");
    run(update)?;
    let mut install = ctx.cmd("apt-get");
    install
        .args(["install", "-y", "--no-install-recommends", "postgresql"])
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(install)?;
    match bin_dir(ctx) {
        Some(_) => Ok(()),
        None => fail("initdb is still missing after installing postgresql"),
    }
}

/// How much a cluster keeps its commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// `fsync`, `synchronous_commit` and `full_page_writes` off: the tests' cluster, thrown away
    /// after the run, where only speed matters.
    Off,
    /// PostgreSQL's defaults (every commit flushed to disk before it is answered): the load
    /// benchmark measures what an installation would do.
    Defaults,
}

/// A running throwaway cluster; stopped and its folder removed when dropped.
pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    as_postgres: bool,
    /// `postgres://portal@127.0.0.1:PORT` (no database: each test makes its own).
    pub url: String,
}

impl Cluster {
    /// The tests' cluster (`target/pg-test-PID`, durability off).
    pub fn start(ctx: &Ctx) -> Res<Cluster> {
        Self::start_with(ctx, "pg-test", Durability::Off)
    }

    /// A cluster in `target/NAME-PID` with `durability`.
    pub fn start_with(ctx: &Ctx, name: &str, durability: Durability) -> Res<Cluster> {
        let bin = match bin_dir(ctx) {
            Some(bin) => bin,
            None => return fail("PostgreSQL's initdb is missing: run `cargo xtask setup`"),
        };
        let dir = ctx
            .target_dir()
            .join(format!("{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir)?;
        let as_postgres = is_root(ctx);
        let mut cluster = Cluster {
            dir: dir.clone(),
            bin,
            as_postgres,
            url: String::new(),
        };
        if as_postgres {
            let mut chown = ctx.cmd("chown");
            chown.args(["postgres:postgres"]).arg(&dir);
            run(chown)?;
        }
        let data = dir.join("data");
        let mut initdb = cluster.pg("initdb");
        initdb.arg("-D").arg(&data).args([
            "-A",
            "trust",
            "-U",
            "portal",
            "-E",
            "UTF8",
            "--no-sync",
        ]);
        run(initdb)?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())?
            .port();
        let mut options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=400",
            dir.display()
        );
        if durability == Durability::Off {
            // The cluster is thrown away after the run.
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        let mut start = cluster.pg("pg_ctl");
        start
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(dir.join("log"))
            .args(["-w", "start"]);
        run(start)?;
        cluster.url = format!("postgres://portal@127.0.0.1:{port}");
        Ok(cluster)
    }

    /// Makes the database `name` (owned by `portal`); its URL.
    pub fn create_database(&self, name: &str) -> Res<String> {
        let address = self
            .url
            .rsplit_once('@')
            .map(|(_, a)| a.to_string())
            .unwrap_or_default();
        let (host, port) = address.split_once(':').unwrap_or((&address, "5432"));
        let mut createdb = self.pg("createdb");
        createdb.args(["-h", host, "-p", port, "-U", "portal", name]);
        run(createdb)?;
        Ok(format!("{}/{name}", self.url))
    }

    /// A PostgreSQL program, run as the `postgres` user when we are root.
    fn pg(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c.current_dir(&self.dir);
            c
        } else {
            let mut c = Command::new(path);
            c.current_dir(&self.dir);
            c
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.dir.join("data").join("postmaster.pid").exists() {
            let mut stop = self.pg("pg_ctl");
            stop.arg("-D")
                .arg(self.dir.join("data"))
                .args(["-m", "immediate", "-w", "stop"]);
            let _ = stop.output();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}
