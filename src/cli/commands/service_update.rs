//! `docker service update` (docker/cli `cli/command/service/update.go`): the network and
//! published-port changes (`--network-add`, `--network-rm`, `--publish-add`, `--publish-rm`)
//! and `--replicas`; the other flags of the real command are not simulated (those listed
//! here say so, the rest are unknown flags). It runs as a [`ServiceCommand::Update`].

use crate::cli::flags::{Flag, Spec};
use crate::cli::{parse_flags, Docker, Output};
use crate::engine::docker::ports::Proto;
use crate::engine::swarm::services::ServiceUpdate;

use super::service::{parse_publish, ServiceCommand};

pub const UPDATE: Spec = Spec {
    path: "docker service update",
    use_line: "docker service update [OPTIONS] SERVICE",
    description: "Update a service",
    aliases: "",
    flags: &[
        Flag::bool(
            "detach",
            Some('d'),
            "Exit immediately instead of waiting for the service to converge",
        ),
        Flag::bool("force", None, "Force update even if no changes require it").not_simulated(),
        Flag::value("image", None, "string", "Service image tag").not_simulated(),
        Flag::value("network-add", None, "network", "Add a network"),
        Flag::value("network-rm", None, "list", "Remove a network"),
        Flag::value(
            "publish-add",
            None,
            "port",
            "Add or update a published port",
        ),
        Flag::value(
            "publish-rm",
            None,
            "port",
            "Remove a published port by its target port",
        ),
        Flag::bool("quiet", Some('q'), "Suppress progress output"),
        Flag::value("replicas", None, "uint", "Number of tasks"),
    ],
    interspersed: true,
    excluded: &[],
};

/// `docker service update [OPTIONS] SERVICE` (docker/cli `cli/command/service/update.go`).
pub fn parse(args: &[String]) -> Result<Docker, Output> {
    let Some(p) = parse_flags(&UPDATE, args)? else {
        return Ok(Docker::Help(&UPDATE));
    };
    let [service] = p.args.as_slice() else {
        return Err(crate::cli::exact_args(&UPDATE, 1));
    };
    let usage_error = |e: String| {
        Output::failed(
            format!(
                "{e}\n\nUsage:  {}\n\nRun '{} --help' for more information",
                UPDATE.use_line, UPDATE.path
            ),
            125,
        )
    };
    let list = |name: &str| p.values.get(name).cloned().unwrap_or_default();
    let mut update = ServiceUpdate {
        network_add: list("network-add"),
        network_rm: list("network-rm"),
        ..ServiceUpdate::default()
    };
    for spec in list("publish-add") {
        let port = parse_publish(&spec)
            .map_err(|e| usage_error(e.replace("\"-p, --publish\"", "\"--publish-add\"")))?;
        update.publish_add.push(port);
    }
    // `--publish-rm 80`, `80/udp` or `8080:80`: the target port (and protocol) names it.
    for spec in list("publish-rm") {
        let (ports, proto) = match spec.split_once('/') {
            Some((p, "udp")) => (p, Proto::Udp),
            Some((p, _)) => (p, Proto::Tcp),
            None => (spec.as_str(), Proto::Tcp),
        };
        let target = ports.rsplit(':').next().unwrap_or(ports);
        let Ok(target) = target.parse::<u16>() else {
            return Err(usage_error(format!(
                "invalid argument \"{spec}\" for \"--publish-rm\" flag: invalid port format"
            )));
        };
        update.publish_rm.push((target, proto));
    }
    let replicas = match p.value("replicas") {
        None => None,
        Some(n) => Some(n.parse::<u32>().map_err(|_| {
            crate::cli::flag_error(
                &UPDATE,
                &crate::cli::flags::FlagError::InvalidValue {
                    value: n.to_string(),
                    flag: "--replicas".into(),
                    reason: format!("strconv.ParseUint: parsing \"{n}\": invalid syntax"),
                },
            )
        })?),
    };
    Ok(Docker::Service(ServiceCommand::Update {
        service: service.clone(),
        update,
        replicas,
        detach: p.is_set("detach"),
        quiet: p.is_set("quiet"),
    }))
}
