//! A host's own packet filters besides the underlay firewall: ufw (Ubuntu's front end to
//! iptables' INPUT chain) and Docker's `DOCKER-USER` chain.
//!
//! Contract:
//! - ufw filters what reaches the host's own services (its INPUT chain). Traffic to a port
//!   Docker publishes is DNATed in PREROUTING and forwarded to the container: it never meets
//!   INPUT, so ufw does not stop it (Docker's docs, "Docker and ufw").
//! - `DOCKER-USER` is where Docker lets an administrator filter forwarded traffic. It runs
//!   after the DNAT: `--dport` there is the container's port, and the published port is
//!   `-m conntrack --ctorigdstport`. A rule on the published port with plain `--dport`
//!   matches nothing, the classic mistake.

use std::collections::BTreeSet;

use crate::engine::docker::ports::Proto;
use crate::engine::World;

/// ufw's state on a host.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ufw {
    pub active: bool,
    /// `ufw deny PORT[/PROTO]`: each denied (protocol, port); a rule without a protocol
    /// denies both.
    pub denied: BTreeSet<(Proto, u16)>,
    /// `ufw allow`, in the order added, for `ufw status`.
    pub allowed: BTreeSet<(Proto, u16)>,
    /// Rules in the order `ufw status` lists them: (port, proto or None, deny).
    pub rules: Vec<(u16, Option<Proto>, bool)>,
}

/// A rule of `DOCKER-USER`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerUserRule {
    pub proto: Option<Proto>,
    /// `--dport`: the container's port (after DNAT).
    pub dport: Option<u16>,
    /// `-m conntrack --ctorigdstport`: the port the client asked for.
    pub orig_dport: Option<u16>,
    /// `-j DROP|REJECT|RETURN|ACCEPT`.
    pub target: String,
}

impl DockerUserRule {
    fn matches(&self, proto: Proto, container_port: u16, host_port: u16) -> bool {
        self.proto.is_none_or(|p| p == proto)
            && self.dport.is_none_or(|p| p == container_port)
            && self.orig_dport.is_none_or(|p| p == host_port)
    }
}

impl World {
    /// `ufw enable|disable`.
    pub fn ufw_set_active(&mut self, host: &str, active: bool) {
        if let Ok(h) = self.host_mut(host) {
            h.machine.ufw.active = active;
        }
    }

    /// `ufw deny|allow PORT[/PROTO]`: `false` if the rule existed already ("Skipping").
    pub fn ufw_rule(&mut self, host: &str, port: u16, proto: Option<Proto>, deny: bool) -> bool {
        let Ok(h) = self.host_mut(host) else {
            return false;
        };
        if h.machine.ufw.rules.contains(&(port, proto, deny)) {
            return false;
        }
        h.machine
            .ufw
            .rules
            .retain(|(p, pr, _)| !(*p == port && *pr == proto));
        h.machine.ufw.rules.push((port, proto, deny));
        let protos: Vec<Proto> = match proto {
            Some(p) => vec![p],
            None => vec![Proto::Tcp, Proto::Udp],
        };
        for p in protos {
            if deny {
                h.machine.ufw.allowed.remove(&(p, port));
                h.machine.ufw.denied.insert((p, port));
            } else {
                h.machine.ufw.denied.remove(&(p, port));
                h.machine.ufw.allowed.insert((p, port));
            }
        }
        true
    }

    /// `iptables -I|-A DOCKER-USER …`.
    pub fn docker_user_add(&mut self, host: &str, rule: DockerUserRule, first: bool) {
        if let Ok(h) = self.host_mut(host) {
            if first {
                h.machine.docker_user.insert(0, rule);
            } else {
                h.machine.docker_user.push(rule);
            }
        }
    }

    /// `iptables -D DOCKER-USER …`: `false` if no such rule.
    pub fn docker_user_remove(&mut self, host: &str, rule: &DockerUserRule) -> bool {
        let Ok(h) = self.host_mut(host) else {
            return false;
        };
        match h.machine.docker_user.iter().position(|r| r == rule) {
            Some(i) => {
                h.machine.docker_user.remove(i);
                true
            }
            None => false,
        }
    }
}

impl crate::engine::Host {
    /// ufw drops a connection to one of the host's own ports.
    pub fn ufw_denies(&self, proto: Proto, port: u16) -> bool {
        self.machine.ufw.active && self.machine.ufw.denied.contains(&(proto, port))
    }

    /// The first `DOCKER-USER` rule a forwarded connection meets that stops it.
    pub fn docker_user_drops(
        &self,
        proto: Proto,
        container_port: u16,
        host_port: u16,
    ) -> Option<&DockerUserRule> {
        self.machine
            .docker_user
            .iter()
            .find(|r| r.matches(proto, container_port, host_port))
            .filter(|r| r.target == "DROP" || r.target == "REJECT")
    }
}
