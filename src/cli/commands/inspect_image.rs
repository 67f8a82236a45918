//! `docker image inspect`'s object: moby `api/types/image/image_inspect.go`
//! (`InspectResponse`) at docker-v29.7.2, in its field order: `Id`, `RepoTags`,
//! `RepoDigests`, `Comment`, `Created`, `Config`, `Architecture`, `Os`, `Size`, `RootFS`,
//! `Metadata`. Docker 29 sends none of the fields older engines had (`Parent`, `Container`,
//! `ContainerConfig`, `DockerVersion`, `VirtualSize`).
//!
//! Not simulated: `Descriptor` and `Identity` (the containerd store's index descriptor and
//! the pull's provenance), `GraphDriver` (absent under the containerd store).

use super::inspect::{null_if_empty, obj, s, strings};
use crate::engine::{Host, Image, Timestamp};
use crate::golang::template::Value;

/// `RepoDigests`: `repository@digest` for each name of the image that a pull recorded a
/// digest for; none for an image built here and never pushed or pulled.
fn repo_digests(h: &Host, image: &Image) -> Vec<String> {
    let mut digests: Vec<String> = h
        .images
        .values()
        .filter(|i| i.id == image.id && !i.reference.is_dangling())
        .filter_map(|i| {
            i.repo_digest
                .as_ref()
                .map(|d| format!("{}@{d}", i.reference.repository))
        })
        .collect();
    digests.sort();
    digests.dedup();
    digests
}

pub(super) fn image_json(h: &Host, image: &Image) -> Value {
    let entry = &*image.config;
    let tags: Vec<String> = h
        .images
        .values()
        .filter(|i| i.id == image.id && !i.reference.is_dangling())
        .map(|i| i.reference.to_string())
        .collect();
    let mut env =
        vec!["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()];
    env.extend(entry.env.iter().map(|x| x.to_string()));
    let cmd: Vec<String> = entry.cmd.iter().map(|x| x.to_string()).collect();
    let entrypoint: Vec<String> = entry.entrypoint.iter().map(|x| x.to_string()).collect();
    let layers: Vec<String> = entry
        .layers
        .iter()
        .map(|l| format!("sha256:{}", l.diff_id))
        .collect();
    let created = Timestamp(0).rfc3339_nanos();
    obj(vec![
        ("Id", s(format!("sha256:{}", image.id))),
        ("RepoTags", strings(&tags)),
        (
            "RepoDigests",
            // The manifest digest each pull printed (moby `image/list.go`).
            strings(&repo_digests(h, image)),
        ),
        // moby `daemon/containerd/image_inspect.go`: the newest history entry's comment
        // (`omitempty`: a commit without `-m` has none).
        (
            "Comment",
            s(entry.history.first().map_or("", |h| h.comment.as_str())),
        ),
        ("Created", s(created)),
        // moby `image_inspect.go`: `Author string json:",omitempty"`.
        ("Author", s(entry.author.as_str())),
        (
            "Config",
            obj(vec![
                ("User", s(entry.user.as_str())),
                (
                    "ExposedPorts",
                    if entry.exposed_ports.is_empty() {
                        Value::Null
                    } else {
                        Value::Map(
                            entry
                                .exposed_ports
                                .iter()
                                .map(|p| (p.to_string(), obj(vec![])))
                                .collect(),
                        )
                    },
                ),
                ("Env", strings(&env)),
                ("Entrypoint", null_if_empty(&entrypoint)),
                ("Cmd", null_if_empty(&cmd)),
                (
                    "Volumes",
                    if entry.volumes.is_empty() {
                        Value::Null
                    } else {
                        Value::Map(
                            entry
                                .volumes
                                .iter()
                                .map(|v| (v.clone(), obj(vec![])))
                                .collect(),
                        )
                    },
                ),
                ("WorkingDir", s(entry.working_dir.as_str())),
                ("Labels", Value::Null),
            ]),
        ),
        ("Architecture", s("amd64")),
        ("Os", s("linux")),
        ("Size", Value::Int(i64::try_from(entry.size).unwrap_or(0))),
        (
            "RootFS",
            obj(vec![("Type", s("layers")), ("Layers", strings(&layers))]),
        ),
        (
            "Metadata",
            obj(vec![("LastTagTime", s(image.pulled.rfc3339_nanos()))]),
        ),
    ])
}

/// An image's JSON as Docker 29 sends it: `Config` is the OCI `ImageConfig` (moby
/// `api/types/image/image_inspect.go` at docker-v29.7.2, `DockerOCIImageConfig`), whose
/// fields are all `omitempty`, so an image without a user, ports, entrypoint, working
/// directory or labels has no such keys. A template still reads them (docker/cli runs it on
/// the typed struct), so only the JSON view drops them. Other objects pass unchanged.
pub(super) fn image_json_view(v: Value) -> Value {
    let Value::Map(fields) = v else {
        return v;
    };
    if !fields.iter().any(|(k, _)| k == "RootFS") {
        return Value::Map(fields);
    }
    // `Author` and `Comment` are `omitempty`: a commit without `-a` or `-m` has none.
    let fields: Vec<(String, Value)> = fields
        .into_iter()
        .filter(|(k, v)| {
            !(matches!(k.as_str(), "Author" | "Comment")
                && matches!(v, Value::Str(a) if a.is_empty()))
        })
        .collect();
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::Str(s) => s.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Map(m) => m.is_empty(),
        _ => false,
    };
    Value::Map(
        fields
            .into_iter()
            .map(|(k, v)| match (k.as_str(), v) {
                ("Config", Value::Map(config)) => (
                    k,
                    Value::Map(config.into_iter().filter(|(_, x)| !empty(x)).collect()),
                ),
                (_, v) => (k, v),
            })
            .collect(),
    )
}
