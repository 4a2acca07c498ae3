//! Starting the fakes, writing the config file, running the binary, and injecting a failure
//! right after a given request.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use apiclient_core::testkit::{FakeApi, FakeRequest, FakeServer};
use assert_cmd::Command;
use assert_cmd::assert::Assert;
use patctl::Provider;
use patctl::fakes::{Fakes, Seed};
use serde_json::Value;
use tempfile::TempDir;

/// The label of every tenant in the tests' config file.
pub const LABEL: &str = "test";

/// The fakes, a temporary home and working directory, and a config file for all four fakes.
pub struct World {
    pub fakes: Fakes,
    pub dir: TempDir,
    pub config: PathBuf,
}

impl World {
    pub async fn start() -> Self {
        let fakes = Fakes::start().await;
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("patctl.toml");
        std::fs::write(&config, fakes.config_toml(LABEL)).unwrap();
        Self { fakes, dir, config }
    }

    pub fn seed(&self, provider: Provider, seed: Seed) -> String {
        self.fakes.seed(provider, &seed)
    }

    /// `patctl` with an empty environment (no provider variables, home in the temp dir).
    pub fn bare(&self) -> Command {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin!("patctl"));
        command
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .current_dir(self.dir.path())
            .timeout(Duration::from_secs(60));
        command
    }

    /// Runs `patctl --config <all four fakes> ARGS`.
    pub fn patctl(&self, args: &[&str]) -> Assert {
        self.bare()
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .assert()
    }

    /// Like [`patctl`](Self::patctl), and while it runs, calls `then` as soon as `fake`
    /// received a request matching `when` (the fake answers slowly meanwhile, so `then` takes
    /// effect before the binary's next request).
    pub fn patctl_when<A: FakeApi>(
        &self,
        args: &[&str],
        fake: &FakeServer<A>,
        when: impl Fn(&FakeRequest) -> bool + Send,
        then: impl FnOnce() + Send,
    ) -> Assert {
        fake.knobs().set_latency(Duration::from_millis(400));
        let assert = std::thread::scope(|scope| {
            let watcher = scope.spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(30);
                while Instant::now() < deadline {
                    if fake.requests().iter().any(&when) {
                        then();
                        return true;
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                false
            });
            let assert = self.patctl(args);
            assert!(watcher.join().unwrap(), "the awaited request never came");
            assert
        });
        fake.knobs().set_latency(Duration::ZERO);
        assert
    }
}

pub fn stdout(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

pub fn stderr(assert: &Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

pub fn json(assert: &Assert) -> Value {
    serde_json::from_slice(&assert.get_output().stdout).expect("JSON on stdout")
}

/// The names of a fake's tokens, from its `token_records()` JSON.
pub fn names(records: &[Value], key: &str) -> Vec<String> {
    let mut names: Vec<String> = records
        .iter()
        .map(|r| r[key].as_str().unwrap_or_default().to_owned())
        .collect();
    names.sort();
    names
}

pub fn days(n: i64) -> chrono::TimeDelta {
    chrono::TimeDelta::days(n)
}
