//! Network flags shared by every subcommand that fetches.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::BadInput;
use crate::fetch::{FetchConfig, ResolveRule};

/// How to reach the web.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// Connect HOST on PORT to ADDR instead of resolving it (curl's syntax; repeatable).
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<ResolveRule>,
    /// A file of --resolve rules, one per line (blank lines and # comments ignored).
    #[arg(long, value_name = "FILE")]
    pub resolve_file: Option<PathBuf>,
    /// Allow private, loopback and link-local addresses (refused by default).
    #[arg(long)]
    pub allow_private_addresses: bool,
    /// The User-Agent to send; put a way to contact you in it.
    #[arg(long, env = "ODAUDIT_USER_AGENT", default_value = crate::fetch::DEFAULT_USER_AGENT)]
    pub user_agent: String,
    /// Give up on a request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
}

impl NetArgs {
    /// The client configuration, reading --resolve-file.
    pub fn fetch_config(&self) -> Result<FetchConfig, BadInput> {
        let mut resolve = self.resolve.clone();
        if let Some(path) = &self.resolve_file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| BadInput(format!("{}: cannot read: {e}", path.display())))?;
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let rule = line
                    .parse()
                    .map_err(|e| BadInput(format!("{}:{}: {e}", path.display(), n + 1)))?;
                resolve.push(rule);
            }
        }
        if self.timeout == 0 {
            return Err(BadInput("--timeout must be at least 1 second".into()));
        }
        let total = Duration::from_secs(self.timeout);
        Ok(FetchConfig {
            user_agent: self.user_agent.clone(),
            total_timeout: total,
            read_timeout: total.min(Duration::from_secs(20)),
            connect_timeout: total.min(Duration::from_secs(10)),
            resolve,
            allow_private: self.allow_private_addresses,
            ..FetchConfig::default()
        })
    }
}
