//! The two lab commands that edit what the authorization plugins read.
//!
//! - The plugins judge each request in the engine: every Engine API operation takes a
//!   [`crate::engine::docker::caller::Caller`] and answers
//!   [`crate::engine::EngineError::Authz`] when a plugin refuses it. The docker commands
//!   print that answer like any daemon error; nothing here decides.
//! - `authz-policy` is Berth's stand-in for editing `/var/lib/authz-broker/policy.json`
//!   (the host's shell has no `>>`); `berth-authz` edits the rules of Berth's own flag
//!   plugin. Both are Berth's commands, so their words are Berth's.

use super::Output;
use crate::engine::docker::authz::{FlagRule, FLAG_PLUGIN, POLICY_FILE};
use crate::engine::World;

const POLICY_USAGE: &str = "Usage: authz-policy                 print /var/lib/authz-broker/policy.json\n       authz-policy add 'JSON'      append one policy line, such as\n                                    '{\"name\":\"policy_1\",\"users\":[\"alice\"],\"actions\":[\"container_list\"]}'\n       authz-policy rm NAME         remove the policies named NAME\nThe broker re-reads the file at once: no restart.";

const RULES_USAGE: &str = "Usage: berth-authz                  list the rules of Berth's flag plugin\n       berth-authz deny RULE        refuse container creation that asks for RULE\n       berth-authz allow RULE       drop the rule\nRULE: privileged, cap-add, host-pid, host-network, docker-socket.\nThe plugin only acts once daemon.json lists \"berth-authz\" in authorization-plugins.";

/// `cat /var/lib/authz-broker/policy.json`.
pub fn cat_policy(world: &World, host: &str) -> Output {
    match world
        .host(host)
        .ok()
        .and_then(|h| h.machine.authz_policy.clone())
    {
        Some(text) => {
            let mut o = Output::default();
            if let Some(body) = text.strip_suffix('\n').or(Some(text.as_str())) {
                if !body.is_empty() {
                    o.out(body);
                }
            }
            o
        }
        None => Output::failed(format!("cat: {POLICY_FILE}: No such file or directory"), 1),
    }
}

/// `authz-policy [add 'JSON' | rm NAME]`.
pub fn authz_policy(world: &mut World, host: &str, args: &[&str]) -> Output {
    match args {
        [] | ["ls"] => cat_policy(world, host),
        ["add", line] => {
            // The broker logs a line it cannot decode and reads it as a policy naming no
            // one; Berth refuses it up front, so the file stays one the broker understands.
            if !matches!(
                serde_json::from_str::<serde_json::Value>(line),
                Ok(serde_json::Value::Object(_))
            ) {
                return Output::failed(
                    format!("berth: not one JSON object: {line}\n{POLICY_USAGE}"),
                    1,
                );
            }
            match world.authz_policy_append(host, line) {
                Ok(()) => cat_policy(world, host),
                Err(e) => Output::failed(format!("berth: {e}"), 1),
            }
        }
        ["rm", name] => match world.authz_policy_remove(host, name) {
            Ok(0) => Output::failed(format!("berth: no policy named {name}"), 1),
            Ok(_) => cat_policy(world, host),
            Err(e) => Output::failed(format!("berth: {e}"), 1),
        },
        _ => Output::failed(POLICY_USAGE, 1),
    }
}

/// `berth-authz [deny|allow RULE]`.
pub fn berth_authz(world: &mut World, host: &str, args: &[&str]) -> Output {
    let rule = |name: &str| name.parse::<FlagRule>();
    let edit = match args {
        [] | ["ls"] => {
            let mut o = Output::default();
            let rules = world
                .host(host)
                .map(|h| h.machine.authz_rules.clone())
                .unwrap_or_default();
            if rules.is_empty() {
                o.out(format!("{FLAG_PLUGIN}: no rules: every request is allowed"));
            }
            for r in rules {
                o.out(format!("deny {r}"));
            }
            return o;
        }
        [verb @ ("deny" | "allow"), name] => match rule(name) {
            Ok(r) => world.authz_rule_set(host, r, *verb == "deny"),
            Err(e) => return Output::failed(format!("berth: {e}\n{RULES_USAGE}"), 1),
        },
        _ => return Output::failed(RULES_USAGE, 1),
    };
    match edit {
        Ok(()) => berth_authz(world, host, &[]),
        Err(e) => Output::failed(format!("berth: {e}"), 1),
    }
}
