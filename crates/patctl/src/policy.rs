//! [`Policy`] and [`audit`]: which tokens break which rule.
//!
//! The rules: `max-age` (time since creation), `unused-for` (time since the last use; a
//! never-used token counts from its creation), `expiring-within` (expired or expiring
//! soon) and `forbid-scopes` (a scope, ability or role the token must not hold, matched
//! exactly). A rule is skipped for a token whose provider does not report the time it needs.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::record::{Provider, TokenRecord};

/// One set of rules; an unset rule does not apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Rules {
    /// Tokens created longer ago than this break `max-age`.
    #[serde(default, with = "humantime_serde_opt")]
    pub max_age: Option<Duration>,
    /// Tokens not used for longer than this break `unused-for`.
    #[serde(default, with = "humantime_serde_opt")]
    pub unused_for: Option<Duration>,
    /// Tokens expired or expiring within this break `expiring-within`.
    #[serde(default, with = "humantime_serde_opt")]
    pub expiring_within: Option<Duration>,
    /// Tokens holding any of these scopes break `forbid-scope`.
    #[serde(default)]
    pub forbid_scopes: Vec<String>,
}

impl Rules {
    /// These rules with `other`'s on top: its durations replace these where set, its
    /// forbidden scopes are added.
    pub fn overlaid(&self, other: &Rules) -> Rules {
        let mut forbid_scopes = self.forbid_scopes.clone();
        for scope in &other.forbid_scopes {
            if !forbid_scopes.contains(scope) {
                forbid_scopes.push(scope.clone());
            }
        }
        Rules {
            max_age: other.max_age.or(self.max_age),
            unused_for: other.unused_for.or(self.unused_for),
            expiring_within: other.expiring_within.or(self.expiring_within),
            forbid_scopes,
        }
    }

    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        self == &Rules::default()
    }
}

/// Durations in the policy file are humantime strings: `90d`, `12h`, `1w 2d`.
mod humantime_serde_opt {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Duration>, D::Error> {
        let text = String::deserialize(deserializer)?;
        humantime::parse_duration(&text)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a duration: {e}")))
    }
}

/// General rules plus rules per provider (which override the general durations and add
/// forbidden scopes).
///
/// As a TOML file:
///
/// ```
/// let policy = patctl::Policy::from_toml(r#"
///     max-age = "90d"
///     forbid-scopes = ["*"]
///
///     [provider.sailpoint-v3]
///     max-age = "180d"
///     forbid-scopes = ["sp:scopes:all"]
/// "#).unwrap();
/// let sailpoint = policy.rules_for(patctl::Provider::SailpointV3);
/// assert_eq!(sailpoint.max_age, Some(std::time::Duration::from_secs(180 * 86_400)));
/// assert_eq!(sailpoint.forbid_scopes, ["*", "sp:scopes:all"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Rules for every provider.
    pub general: Rules,
    /// Rules for one provider, on top of the general ones.
    pub per_provider: BTreeMap<Provider, Rules>,
}

/// The policy file: the general rules' keys at the top, `[provider.NAME]` tables below.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PolicyFile {
    #[serde(default, with = "humantime_serde_opt")]
    max_age: Option<Duration>,
    #[serde(default, with = "humantime_serde_opt")]
    unused_for: Option<Duration>,
    #[serde(default, with = "humantime_serde_opt")]
    expiring_within: Option<Duration>,
    #[serde(default)]
    forbid_scopes: Vec<String>,
    #[serde(default)]
    provider: BTreeMap<String, Rules>,
}

impl Policy {
    /// Parses a policy file's text.
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        let file: PolicyFile = toml::from_str(text)
            .map_err(|e| Error::Config(format!("policy file: {}", e.message())))?;
        let per_provider = file
            .provider
            .into_iter()
            .map(|(name, rules)| {
                let provider = name
                    .parse()
                    .map_err(|e| Error::Config(format!("policy file: {e}")))?;
                Ok((provider, rules))
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            general: Rules {
                max_age: file.max_age,
                unused_for: file.unused_for,
                expiring_within: file.expiring_within,
                forbid_scopes: file.forbid_scopes,
            },
            per_provider,
        })
    }

    /// The rules that apply to `provider`'s tokens.
    pub fn rules_for(&self, provider: Provider) -> Rules {
        match self.per_provider.get(&provider) {
            Some(rules) => self.general.overlaid(rules),
            None => self.general.clone(),
        }
    }

    /// Whether no rule is set for any provider.
    pub fn is_empty(&self) -> bool {
        self.general.is_empty() && self.per_provider.values().all(Rules::is_empty)
    }
}

/// A rule of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Created too long ago.
    MaxAge,
    /// Not used for too long (or never, since creation).
    UnusedFor,
    /// Expired, or expiring soon.
    ExpiringWithin,
    /// Holds a forbidden scope.
    ForbidScope,
}

impl Rule {
    /// The rule's name as on the command line: `max-age`, `unused-for`, ...
    pub fn name(self) -> &'static str {
        match self {
            Rule::MaxAge => "max-age",
            Rule::UnusedFor => "unused-for",
            Rule::ExpiringWithin => "expiring-within",
            Rule::ForbidScope => "forbid-scope",
        }
    }
}

/// One token breaking one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The token.
    pub token: TokenRecord,
    /// The rule it breaks.
    pub rule: Rule,
    /// Why, in words, e.g. `created 120d ago (limit 90d)`.
    pub detail: String,
}

/// A duration as patctl prints it: the largest whole unit, `120d`, `5h`, `3m`, `10s`.
pub fn short_duration(duration: chrono::TimeDelta) -> String {
    let secs = duration.num_seconds().unsigned_abs();
    match secs {
        s if s >= 86_400 => format!("{}d", s / 86_400),
        s if s >= 3_600 => format!("{}h", s / 3_600),
        s if s >= 60 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

fn limit(duration: Duration) -> String {
    short_duration(chrono::TimeDelta::from_std(duration).unwrap_or(chrono::TimeDelta::MAX))
}

fn exceeds(elapsed: chrono::TimeDelta, allowed: Duration) -> bool {
    chrono::TimeDelta::from_std(allowed).is_ok_and(|allowed| elapsed > allowed)
}

/// The findings of one token under `rules`, at time `now`.
pub fn check(token: &TokenRecord, rules: &Rules, now: DateTime<Utc>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut found = |rule, detail: String| {
        findings.push(Finding {
            token: token.clone(),
            rule,
            detail,
        });
    };
    if let (Some(max), Some(created)) = (rules.max_age, token.created) {
        let age = now.signed_duration_since(created);
        if exceeds(age, max) {
            found(
                Rule::MaxAge,
                format!("created {} ago (limit {})", short_duration(age), limit(max)),
            );
        }
    }
    if let Some(max) = rules.unused_for {
        let since = match (token.last_used, token.used, token.created) {
            (Some(last), _, _) => Some(("last used", last)),
            (None, Some(false), Some(created)) => Some(("never used, created", created)),
            _ => None,
        };
        if let Some((what, at)) = since {
            let idle = now.signed_duration_since(at);
            if exceeds(idle, max) {
                found(
                    Rule::UnusedFor,
                    format!("{what} {} ago (limit {})", short_duration(idle), limit(max)),
                );
            }
        }
    }
    if let (Some(within), Some(expires)) = (rules.expiring_within, token.expires) {
        let left = expires.signed_duration_since(now);
        if left <= chrono::TimeDelta::zero() {
            found(
                Rule::ExpiringWithin,
                format!("expired {} ago", short_duration(left)),
            );
        } else if !exceeds(left, within) {
            found(
                Rule::ExpiringWithin,
                format!(
                    "expires in {} (limit {})",
                    short_duration(left),
                    limit(within)
                ),
            );
        }
    }
    for scope in &token.scopes {
        if rules.forbid_scopes.contains(scope) {
            found(Rule::ForbidScope, format!("has forbidden scope {scope:?}"));
        }
    }
    findings
}

/// Every finding of `tokens` under `policy`, at time `now`, in token order.
pub fn audit(tokens: &[TokenRecord], policy: &Policy, now: DateTime<Utc>) -> Vec<Finding> {
    tokens
        .iter()
        .flat_map(|token| check(token, &policy.rules_for(token.provider), now))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn token(provider: Provider) -> TokenRecord {
        TokenRecord {
            provider,
            tenant: "t".into(),
            id: "1".into(),
            name: "n".into(),
            scopes: vec!["read".into()],
            created: None,
            last_used: None,
            used: None,
            expires: None,
        }
    }

    fn days(n: u64) -> Duration {
        Duration::from_secs(n * 86_400)
    }

    fn rules_of(findings: &[Finding]) -> Vec<Rule> {
        findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn each_rule_fires_only_past_its_limit() {
        let now = Utc::now();
        let rules = Rules {
            max_age: Some(days(90)),
            unused_for: Some(days(30)),
            expiring_within: Some(days(7)),
            forbid_scopes: vec!["*".into()],
        };
        let mut fresh = token(Provider::Gmodstore);
        fresh.created = Some(now - TimeDelta::days(89));
        fresh.last_used = Some(now - TimeDelta::days(29));
        fresh.used = Some(true);
        fresh.expires = Some(now + TimeDelta::days(8));
        assert!(check(&fresh, &rules, now).is_empty());

        let mut stale = fresh.clone();
        stale.created = Some(now - TimeDelta::days(91));
        stale.last_used = Some(now - TimeDelta::days(31));
        stale.expires = Some(now + TimeDelta::days(6));
        stale.scopes.push("*".into());
        let findings = check(&stale, &rules, now);
        assert_eq!(
            rules_of(&findings),
            [
                Rule::MaxAge,
                Rule::UnusedFor,
                Rule::ExpiringWithin,
                Rule::ForbidScope
            ]
        );
        assert_eq!(findings[0].detail, "created 91d ago (limit 90d)");
        assert_eq!(findings[2].detail, "expires in 6d (limit 7d)");
    }

    #[test]
    fn never_used_counts_from_creation_and_unknown_use_is_skipped() {
        let now = Utc::now();
        let rules = Rules {
            unused_for: Some(days(30)),
            ..Rules::default()
        };
        let mut never = token(Provider::Xms);
        never.created = Some(now - TimeDelta::days(40));
        never.used = Some(false);
        let findings = check(&never, &rules, now);
        assert_eq!(
            findings[0].detail,
            "never used, created 40d ago (limit 30d)"
        );
        never.used = Some(true); // used, but XMS does not say when
        assert!(check(&never, &rules, now).is_empty());
    }

    #[test]
    fn expired_tokens_are_reported_as_expired() {
        let now = Utc::now();
        let mut gone = token(Provider::Gmodstore);
        gone.expires = Some(now - TimeDelta::days(2));
        let rules = Rules {
            expiring_within: Some(days(1)),
            ..Rules::default()
        };
        assert_eq!(check(&gone, &rules, now)[0].detail, "expired 2d ago");
    }

    #[test]
    fn provider_rules_override_and_add() {
        let policy = Policy::from_toml(
            "unused-for = \"30d\"\nforbid-scopes = [\"*\"]\n[provider.xms]\nunused-for = \"1w\"\nforbid-scopes = [\"admin\"]\n",
        )
        .unwrap();
        let xms = policy.rules_for(Provider::Xms);
        assert_eq!(xms.unused_for, Some(days(7)));
        assert_eq!(xms.forbid_scopes, ["*", "admin"]);
        assert_eq!(
            policy.rules_for(Provider::Gmodstore).unused_for,
            Some(days(30))
        );
        assert!(Policy::from_toml("[provider.github]\n").is_err());
        assert!(Policy::from_toml("max-age = \"soon\"\n").is_err());
        assert!(Policy::from_toml("max_age = \"1d\"\n").is_err());
    }
}
