//! Where a rotated secret goes: a file (mode 0600, written atomically), a command's standard
//! input, or standard output. Nothing else ever sees a secret.
//!
//! A sink works in three steps: [`prepare`](SecretSink::prepare) before the new token exists
//! (checks that cannot need a rollback), [`deliver`](SecretSink::deliver) once it exists, and
//! [`commit`](SecretSink::commit) once the rotation succeeded. A file appears at its path, and
//! a printed secret is printed, only at the commit; a command receives the secret at delivery
//! (its exit status decides whether delivery worked).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use apiclient_core::SecretString;
use tempfile::NamedTempFile;

use crate::record::TokenRecord;

/// A destination for a new secret; see the [module docs](self).
pub trait SecretSink {
    /// What the sink is, for messages (never the secret), e.g. `file ./token`.
    fn describe(&self) -> String;

    /// Checks made before the new token is created.
    fn prepare(&mut self) -> Result<(), String> {
        Ok(())
    }

    /// Hands over the new secret of `token`'s replacement.
    fn deliver(&mut self, token: &TokenRecord, secret: &SecretString) -> Result<(), String>;

    /// Makes the delivery final after the rotation succeeded.
    fn commit(&mut self) -> Result<(), String> {
        Ok(())
    }

    /// Undoes what can be undone of the delivery after a failed rotation.
    fn abort(&mut self) {}
}

/// Writes the secret (and a newline) to a file created with mode 0600: first into a temporary
/// file in the same directory, renamed over the path at the commit, so the path never holds a
/// partial or rolled-back secret. An existing file is refused unless `force`.
#[derive(Debug)]
pub struct FileSink {
    path: PathBuf,
    force: bool,
    staged: Option<NamedTempFile>,
}

impl FileSink {
    /// A sink writing to `path`; `force` allows replacing an existing file.
    pub fn new(path: impl Into<PathBuf>, force: bool) -> Self {
        Self {
            path: path.into(),
            force,
            staged: None,
        }
    }
}

impl SecretSink for FileSink {
    fn describe(&self) -> String {
        format!("file {}", self.path.display())
    }

    fn prepare(&mut self) -> Result<(), String> {
        if !self.force && self.path.exists() {
            return Err(format!(
                "{} exists (use --force to replace it)",
                self.path.display()
            ));
        }
        let dir = match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
            _ => PathBuf::from("."),
        };
        // tempfile creates the file with mode 0600 on Unix.
        let staged = NamedTempFile::with_prefix_in(".patctl-secret-", &dir)
            .map_err(|e| format!("cannot create a file in {}: {e}", dir.display()))?;
        self.staged = Some(staged);
        Ok(())
    }

    fn deliver(&mut self, _token: &TokenRecord, secret: &SecretString) -> Result<(), String> {
        let staged = self
            .staged
            .as_mut()
            .ok_or("the file sink was not prepared")?;
        let file = staged.as_file_mut();
        file.write_all(secret.expose_secret().as_bytes())
            .and_then(|()| file.write_all(b"\n"))
            .and_then(|()| file.sync_all())
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }

    fn commit(&mut self) -> Result<(), String> {
        let staged = self.staged.take().ok_or("the file sink was not prepared")?;
        let persisted = if self.force {
            staged.persist(&self.path)
        } else {
            staged.persist_noclobber(&self.path)
        };
        persisted
            .map(drop)
            .map_err(|e| format!("cannot create {}: {}", self.path.display(), e.error))
    }

    fn abort(&mut self) {
        // Dropping the temporary file deletes it.
        self.staged = None;
    }
}

/// Runs `sh -c COMMAND` with the secret on standard input (the variables `PATCTL_PROVIDER`,
/// `PATCTL_TENANT`, `PATCTL_TOKEN_ID` and `PATCTL_TOKEN_NAME` describe the old token); a
/// non-zero exit status fails the delivery.
#[derive(Debug)]
pub struct ExecSink {
    command: String,
}

impl ExecSink {
    /// A sink running `command` with `sh -c`.
    pub fn new(command: impl Into<String>) -> Self {
        Self {
            command: command.into(),
        }
    }
}

impl SecretSink for ExecSink {
    fn describe(&self) -> String {
        format!("command {:?}", self.command)
    }

    fn deliver(&mut self, token: &TokenRecord, secret: &SecretString) -> Result<(), String> {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&self.command)
            .env("PATCTL_PROVIDER", token.provider.name())
            .env("PATCTL_TENANT", &token.tenant)
            .env("PATCTL_TOKEN_ID", &token.id)
            .env("PATCTL_TOKEN_NAME", &token.name)
            .stdin(Stdio::piped())
            .stdout(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot run {:?}: {e}", self.command))?;
        let written = child.stdin.take().map(|mut stdin| {
            stdin
                .write_all(secret.expose_secret().as_bytes())
                .and_then(|()| stdin.write_all(b"\n"))
        });
        let status = child
            .wait()
            .map_err(|e| format!("cannot run {:?}: {e}", self.command))?;
        if !status.success() {
            return Err(format!("{:?} failed ({status})", self.command));
        }
        match written {
            Some(Ok(())) => Ok(()),
            Some(Err(e)) => Err(format!("{:?} did not read the secret: {e}", self.command)),
            None => Err(format!("{:?} had no standard input", self.command)),
        }
    }
}

/// Prints the secret on standard output, once the rotation succeeded.
#[derive(Debug, Default)]
pub struct PrintSink {
    pending: Option<SecretString>,
}

impl SecretSink for PrintSink {
    fn describe(&self) -> String {
        "standard output".to_owned()
    }

    fn deliver(&mut self, _token: &TokenRecord, secret: &SecretString) -> Result<(), String> {
        self.pending = Some(secret.clone());
        Ok(())
    }

    fn commit(&mut self) -> Result<(), String> {
        if let Some(secret) = self.pending.take() {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}", secret.expose_secret())
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot print the secret: {e}"))?;
        }
        Ok(())
    }

    fn abort(&mut self) {
        self.pending = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Provider;

    fn token() -> TokenRecord {
        TokenRecord {
            provider: Provider::Xms,
            tenant: "t".into(),
            id: "7".into(),
            name: "ci".into(),
            scopes: vec![],
            created: None,
            last_used: None,
            used: None,
            expires: None,
        }
    }

    #[test]
    fn file_sink_writes_0600_only_at_commit_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret");
        let mut sink = FileSink::new(&path, false);
        sink.prepare().unwrap();
        sink.deliver(&token(), &SecretString::from("s3cr3t"))
            .unwrap();
        assert!(!path.exists());
        sink.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "s3cr3t\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let mut again = FileSink::new(&path, false);
        assert!(again.prepare().unwrap_err().contains("--force"));
        let mut forced = FileSink::new(&path, true);
        forced.prepare().unwrap();
        forced
            .deliver(&token(), &SecretString::from("new"))
            .unwrap();
        forced.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[test]
    fn aborted_file_sink_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = FileSink::new(dir.path().join("secret"), false);
        sink.prepare().unwrap();
        sink.deliver(&token(), &SecretString::from("x")).unwrap();
        sink.abort();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn exec_sink_passes_the_secret_on_stdin_and_fails_on_exit_status() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("got");
        let command = format!(
            "cat > '{}'; echo \"$PATCTL_TOKEN_ID\" >> '{}'",
            out.display(),
            out.display()
        );
        ExecSink::new(command)
            .deliver(&token(), &SecretString::from("s3cr3t"))
            .unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "s3cr3t\n7\n");
        let failed = ExecSink::new("cat >/dev/null; exit 3")
            .deliver(&token(), &SecretString::from("x"))
            .unwrap_err();
        assert!(failed.contains("exit status: 3"), "{failed}");
    }
}
