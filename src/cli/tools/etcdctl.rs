//! `etcdctl` (the v2 API) against the lab's etcd: the keys flannel reads.

use crate::cli::Output;
use crate::engine::World;

const ETCDCTL_USAGE: &str =
    "berth: etcdctl (the v2 API): etcdctl set KEY VALUE, mk KEY VALUE, get KEY, ls [DIR], rm KEY";

/// `etcdctl set|mk|get|ls|rm` against the lab's etcd.
pub fn etcdctl(world: &mut World, args: &[String]) -> Output {
    // Flags such as --endpoints or --peers name the one etcd there is.
    let words: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mut o = Output::default();
    let failed = |e: crate::engine::addons::flannel::FlannelError| Output::failed(e.to_string(), 4);
    match words.as_slice() {
        ["set", key, value] => {
            world.etcd_set(key, value);
            o.out(*value);
        }
        ["mk", key, value] => {
            if world.etcd_get(key).is_ok() {
                return Output::failed(
                    format!(
                        "Error:  105: Key already exists (/{}) [{}]",
                        key.trim_matches('/'),
                        world.etcd_index()
                    ),
                    4,
                );
            }
            world.etcd_set(key, value);
            o.out(*value);
        }
        ["get", key] => match world.etcd_get(key) {
            Ok(v) => o.out(v),
            Err(e) => return failed(e),
        },
        ["ls"] | ["ls", _] => {
            let dir = words.get(1).copied().unwrap_or("/");
            match world.etcd_ls(dir) {
                Ok(keys) => {
                    for k in keys {
                        o.out(k);
                    }
                }
                Err(e) => return failed(e),
            }
        }
        ["rm", key] => match world.etcd_rm(key) {
            Ok(v) => o.out(format!("PrevNode.Value: {v}")),
            Err(e) => return failed(e),
        },
        _ => return Output::failed(ETCDCTL_USAGE, 1),
    }
    o
}
