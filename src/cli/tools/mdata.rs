//! Triton's metadata tools as the learner meets them: `mdata-get` and `mdata-put` inside a
//! container (the SmartOS metadata client every zone has, under `/native/usr/sbin` in LX
//! zones). `dig` at a host's prompt, which asks DNS (Triton CNS among it), is `dig.rs`.
//!
//! The facts come from the engine (`engine::platforms::triton`); this file only writes them out.
//! Not simulated: metadata keys beyond the few below, `mdata-list`, `mdata-delete`.

use crate::cli::Output;
use crate::engine::platforms::triton;
use crate::engine::World;

/// `mdata-get KEY` / `mdata-put KEY VALUE` typed in a container of a Triton host. `None`
/// when the command is not one of them, or the host is no Triton data center.
pub fn in_container(
    world: &mut World,
    host: &str,
    container_id: &str,
    words: &[String],
) -> Option<Output> {
    let (program, args) = words.split_first()?;
    let base = program.rsplit('/').next().unwrap_or(program);
    if !matches!(base, "mdata-get" | "mdata-put") {
        return None;
    }
    let dc = world.triton(host)?;
    let c = world.container_lookup(host, container_id).ok()?;
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if base == "mdata-put" {
        return Some(match args.as_slice() {
            ["triton.cns.status", value] => {
                // docs/metadata.md: "down" takes the instance out of its services; any other
                // value counts as "up".
                let id = c.id.clone();
                match world.cns_status_set(host, &id, *value == "down") {
                    Ok(()) => Output::default(),
                    Err(e) => Output::failed(format!("mdata-put: {e}"), 1),
                }
            }
            [_, _] => Output::failed(
                "berth: mdata-put here sets triton.cns.status (down or up) only",
                1,
            ),
            _ => Output::failed("Usage: mdata-put <keyname> [ <value> ]", 2),
        });
    }
    let value = match args.as_slice() {
        ["sdc:server_uuid"] => dc.server_of(&c.id).map(|s| s.uuid.clone()),
        ["sdc:alias"] => Some(c.name.clone()),
        ["sdc:datacenter_name"] => Some(triton::DATACENTER.to_string()),
        ["triton.cns.status"] => Some(
            if dc.cns_down.contains(&c.id) {
                "down"
            } else {
                "up"
            }
            .to_string(),
        ),
        [_] => None,
        _ => return Some(Output::failed("Usage: mdata-get <keyname>", 2)),
    };
    Some(match value {
        Some(v) => {
            let mut o = Output::default();
            o.out(v);
            o
        }
        None => Output::failed(
            format!("No metadata for '{}'", args.first().copied().unwrap_or("")),
            1,
        ),
    })
}
