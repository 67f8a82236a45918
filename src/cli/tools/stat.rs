//! `stat FILE...` and `stat -c FORMAT FILE...`. The default layout is coreutils' (and
//! busybox's, which copies it): name, size, blocks, type, mode, owners and the times. Texts:
//! coreutils `src/stat.c` (`cannot statx %s`, `print_stat`), busybox `coreutils/stat.c`
//! (`can't stat '%s'`).
//!
//! Not simulated: devices and inode numbers (Berth's files have none: `Device: 0,0`,
//! `Inode: 0`), nanoseconds (always `.000000000`), `-f`, `-L`, `--printf`.

use super::fs::{flags, long_option, missing_operand, Fs};
use super::Flavor;
use crate::cli::Output;
use crate::engine::fs::{Kind, Meta};

pub fn stat(args: &[&str], fs: &mut dyn Fs, flavor: Flavor) -> Output {
    if let Some(o) = long_option("stat", args) {
        return o;
    }
    // `-c FORMAT` takes a value.
    let mut format: Option<&str> = None;
    let mut rest: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if *a == "-c" {
            format = it.next().copied();
            if format.is_none() {
                return missing_operand("stat", "operand", flavor);
            }
        } else {
            rest.push(a);
        }
    }
    let (_, operands) = match flags(&rest, "") {
        Ok(x) => x,
        Err(c) => return super::invalid_option("stat", c, flavor),
    };
    if operands.is_empty() {
        return missing_operand("stat", "operand", flavor);
    }
    let mut out = Output::default();
    for operand in operands {
        let path = fs.absolute(operand);
        let mut meta = match fs.stat(&path) {
            Ok(m) => m,
            Err(e) => {
                out.err(match flavor {
                    Flavor::Gnu => format!("stat: cannot statx '{operand}': {e}"),
                    Flavor::Busybox => format!("stat: can't stat '{operand}': {e}"),
                });
                out.exit_code = 1;
                continue;
            }
        };
        if meta.kind == Kind::File && meta.size == 0 {
            if let Ok(text) = fs.read(&path) {
                meta.size = text.len() as u64;
            }
        }
        match format {
            Some(f) => out.out(custom(f, operand, &meta)),
            None => out.out(default(operand, &meta)),
        }
    }
    out
}

fn kind_name(meta: &Meta) -> &'static str {
    match meta.kind {
        Kind::Dir => "directory",
        Kind::Link => "symbolic link",
        Kind::File if meta.size == 0 => "regular empty file",
        Kind::File => "regular file",
    }
}

fn owner(id: u32) -> String {
    match id {
        0 => "root".to_string(),
        65534 => "nobody".to_string(),
        n => n.to_string(),
    }
}

fn time(mtime: u64) -> String {
    let t = crate::engine::clock::Timestamp(mtime.saturating_sub(crate::engine::clock::EPOCH_UNIX));
    let (y, mo, d, h, mi, s) = t.civil();
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.000000000 +0000")
}

fn default(name: &str, meta: &Meta) -> String {
    let shown = match meta.target {
        Some(t) => format!("{name} -> {t}"),
        None => name.to_string(),
    };
    let blocks = match meta.kind {
        Kind::Link => 0,
        _ => meta.size.div_ceil(4096) * 8,
    };
    let links = if meta.kind == Kind::Dir { 2 } else { 1 };
    let mode = super::ls::mode_string(meta);
    let t = time(meta.mtime);
    format!(
        "  File: {shown}\n  Size: {:<10}\tBlocks: {blocks:<10} IO Block: 4096   {}\nDevice: 0,0\tInode: 0           Links: {links}\nAccess: ({:04o}/{mode})  Uid: ({:>5}/{:>8})   Gid: ({:>5}/{:>8})\nAccess: {t}\nModify: {t}\nChange: {t}\n Birth: -",
        meta.size,
        kind_name(meta),
        meta.mode & 0o7777,
        meta.uid,
        owner(meta.uid),
        meta.gid,
        owner(meta.gid),
    )
}

/// `-c`: `%n %s %a %A %F %u %g %U %G %y`, `%%`.
fn custom(format: &str, name: &str, meta: &Meta) -> String {
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push_str(name),
            Some('s') => out.push_str(&meta.size.to_string()),
            Some('a') => out.push_str(&format!("{:o}", meta.mode & 0o7777)),
            Some('A') => out.push_str(&super::ls::mode_string(meta)),
            Some('F') => out.push_str(kind_name(meta)),
            Some('u') => out.push_str(&meta.uid.to_string()),
            Some('g') => out.push_str(&meta.gid.to_string()),
            Some('U') => out.push_str(&owner(meta.uid)),
            Some('G') => out.push_str(&owner(meta.gid)),
            Some('y') => out.push_str(&time(meta.mtime)),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}
