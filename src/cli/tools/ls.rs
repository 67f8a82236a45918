//! `ls [-1adhla] [FILE]...`: GNU coreutils' layout (columns of per-column width, `total`,
//! `-l` columns aligned to their widest cell) or busybox's (columns of one width, `-l` as
//! `%4u %-8s %-8s %9s`), on an 80-column terminal; one name a line into a pipe.
//!
//! Sources: coreutils `src/ls.c` (`calculate_columns`, `print_long_format`,
//! `cannot access %s`), busybox `coreutils/ls.c` (`display_files`, `display_single`).
//! Not simulated: colours, `-R`, `-t`/`-S` sorting, `-i`, `-s`, locales' collation (names
//! sort bytewise, as in the C locale).

use super::fs::{flags, long_option, Fs};
use super::Flavor;
use crate::cli::Output;
use crate::engine::fs::{Kind, Meta};

const WIDTH: usize = 80;
/// How many names one `ls` shows at most.
const MAX_NAMES: usize = 2000;

struct Options {
    long: bool,
    all: bool,
    one: bool,
    dir: bool,
    human: bool,
}

pub fn ls(args: &[&str], fs: &mut dyn Fs, flavor: Flavor, piped: bool) -> Output {
    if let Some(o) = long_option("ls", args) {
        return o;
    }
    let (set, operands) = match flags(args, "1adhlAF") {
        Ok(x) => x,
        Err(c) => return super::invalid_option("ls", c, flavor),
    };
    let opts = Options {
        long: set.contains('l'),
        all: set.contains('a'),
        one: set.contains('1') || piped,
        dir: set.contains('d'),
        human: set.contains('h'),
    };
    let operands: Vec<&str> = if operands.is_empty() {
        vec!["."]
    } else {
        operands
    };
    let names = Names::read(fs);
    let mut out = Output::default();
    let mut files: Vec<(String, Meta)> = Vec::new();
    let mut dirs: Vec<(String, String)> = Vec::new();
    for operand in &operands {
        let path = fs.absolute(operand);
        match fs.stat(&path) {
            Ok(meta) if meta.kind == Kind::Dir && !opts.dir => {
                dirs.push((operand.to_string(), path))
            }
            // A link to a directory named on the command line is followed (`ls /bin`).
            Ok(meta) if meta.kind == Kind::Link && !opts.dir && !opts.long => {
                let target = follow(&path, &meta);
                if fs.stat(&target).is_ok_and(|m| m.kind == Kind::Dir) {
                    dirs.push((operand.to_string(), target));
                } else {
                    files.push((operand.to_string(), meta));
                }
            }
            Ok(meta) => files.push((operand.to_string(), meta)),
            Err(e) => {
                out.err(match flavor {
                    Flavor::Gnu => format!("ls: cannot access '{operand}': {e}"),
                    Flavor::Busybox => format!("ls: {operand}: {e}"),
                });
                out.exit_code = match flavor {
                    Flavor::Gnu => 2,
                    Flavor::Busybox => 1,
                };
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    dirs.sort_by(|a, b| a.0.cmp(&b.0));
    let titled = files.len() + dirs.len() > 1 || out.exit_code != 0 && !dirs.is_empty();
    let mut blocks: Vec<Vec<String>> = Vec::new();
    if !files.is_empty() {
        blocks.push(render(fs, &files, &opts, flavor, &names, None));
    }
    for (operand, path) in &dirs {
        let mut entries: Vec<(String, Meta)> = Vec::new();
        if opts.all {
            for (name, p) in [
                (".", path.clone()),
                ("..", crate::engine::fs::parent(path).to_string()),
            ] {
                if let Ok(meta) = fs.stat(&p) {
                    entries.push((name.to_string(), meta));
                }
            }
        }
        let listed = fs.list(path).unwrap_or_default();
        for name in listed.into_iter().take(MAX_NAMES) {
            if name.starts_with('.') && !opts.all {
                continue;
            }
            let p = crate::engine::fs::resolve(path, &name);
            if let Ok(meta) = fs.stat(&p) {
                entries.push((name, meta));
            }
        }
        let mut lines = Vec::new();
        if titled {
            lines.push(format!("{operand}:"));
        }
        lines.extend(render(fs, &entries, &opts, flavor, &names, Some(path)));
        blocks.push(lines);
    }
    for (i, block) in blocks.into_iter().enumerate() {
        if i > 0 {
            out.out("");
        }
        for line in block {
            out.out(line);
        }
    }
    out
}

/// Where a link points, as an absolute path.
fn follow(path: &str, meta: &Meta) -> String {
    let target = meta.target.unwrap_or("");
    crate::engine::fs::resolve(crate::engine::fs::parent(path), target)
}

/// The names of users and groups, from the view's `/etc/passwd` and `/etc/group`.
struct Names {
    users: Vec<(u32, String)>,
    groups: Vec<(u32, String)>,
}

impl Names {
    fn read(fs: &mut dyn Fs) -> Self {
        let mut parse = |path: &str| -> Vec<(u32, String)> {
            fs.read(path)
                .unwrap_or_default()
                .lines()
                .filter_map(|line| {
                    let mut fields = line.split(':');
                    let name = fields.next()?.to_string();
                    let id = fields.nth(1)?.parse().ok()?;
                    Some((id, name))
                })
                .collect()
        };
        let users = parse("/etc/passwd");
        let groups = parse("/etc/group");
        Names { users, groups }
    }

    fn user(&self, uid: u32) -> String {
        Self::name(&self.users, uid)
    }

    fn group(&self, gid: u32) -> String {
        Self::name(&self.groups, gid)
    }

    /// A name from the list; root when the list could not be read (a host's `/etc/passwd`
    /// is the engine's), else the number, as `ls` shows an unknown ID.
    fn name(list: &[(u32, String)], id: u32) -> String {
        match list.iter().find(|(i, _)| *i == id) {
            Some((_, n)) => n.clone(),
            None if id == 0 => "root".to_string(),
            None => id.to_string(),
        }
    }
}

fn render(
    fs: &mut dyn Fs,
    entries: &[(String, Meta)],
    opts: &Options,
    flavor: Flavor,
    names: &Names,
    dir: Option<&str>,
) -> Vec<String> {
    if opts.long {
        return long(fs, entries, opts, flavor, names, dir);
    }
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    if opts.one {
        return names.iter().map(|n| n.to_string()).collect();
    }
    match flavor {
        Flavor::Gnu => gnu_columns(&names),
        Flavor::Busybox => busybox_columns(&names),
    }
}

/// coreutils' `calculate_columns`: the most columns (filled down, then across) whose widths
/// (each the widest name in it, plus two spaces but for the last) fit in the line.
fn gnu_columns(names: &[&str]) -> Vec<String> {
    if names.is_empty() {
        return Vec::new();
    }
    let len = |n: &str| n.chars().count();
    let n = names.len();
    let mut best = (1, n);
    for cols in (1..=n).rev() {
        let rows = n.div_ceil(cols);
        let used = n.div_ceil(rows);
        let widths: Vec<usize> = (0..used)
            .map(|c| {
                let w = names
                    .iter()
                    .skip(c * rows)
                    .take(rows)
                    .map(|s| len(s))
                    .max()
                    .unwrap_or(0);
                if c + 1 < used {
                    w + 2
                } else {
                    w
                }
            })
            .collect();
        if widths.iter().sum::<usize>() < WIDTH {
            best = (used, rows);
            break;
        }
    }
    let (cols, rows) = best;
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            names
                .iter()
                .skip(c * rows)
                .take(rows)
                .map(|s| len(s))
                .max()
                .unwrap_or(0)
                + 2
        })
        .collect();
    (0..rows)
        .map(|r| {
            let mut line = String::new();
            for c in 0..cols {
                if let Some(name) = names.get(c * rows + r) {
                    let last = (c + 1) * rows + r >= n;
                    if last {
                        line.push_str(name);
                    } else {
                        let w = widths.get(c).copied().unwrap_or(0);
                        line.push_str(&format!("{name:<w$}"));
                    }
                }
            }
            line
        })
        .collect()
}

/// busybox's `display_files`: every column as wide as the widest name plus two.
fn busybox_columns(names: &[&str]) -> Vec<String> {
    if names.is_empty() {
        return Vec::new();
    }
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
    let cols = (WIDTH / width).max(1);
    let n = names.len();
    let rows = if cols > 1 { n.div_ceil(cols) } else { n };
    let cols = if cols > 1 { cols } else { 1 };
    (0..rows)
        .map(|r| {
            let mut line = String::new();
            for c in 0..cols {
                if let Some(name) = names.get(c * rows + r) {
                    if c > 0 {
                        let pad = width * c - line.chars().count();
                        line.push_str(&" ".repeat(pad));
                    }
                    line.push_str(name);
                }
            }
            line
        })
        .collect()
}

/// `drwxr-xr-x`.
pub fn mode_string(meta: &Meta) -> String {
    let kind = match meta.kind {
        Kind::Dir => 'd',
        Kind::Link => 'l',
        Kind::File => '-',
    };
    let mut s = String::from(kind);
    for (shift, special, mark) in [(6, 0o4000, 's'), (3, 0o2000, 's'), (0, 0o1000, 't')] {
        let bits = (meta.mode >> shift) & 7;
        s.push(if bits & 4 != 0 { 'r' } else { '-' });
        s.push(if bits & 2 != 0 { 'w' } else { '-' });
        let exec = bits & 1 != 0;
        s.push(match (meta.mode & special != 0, exec) {
            (true, true) => mark,
            (true, false) => mark.to_ascii_uppercase(),
            (false, true) => 'x',
            (false, false) => '-',
        });
    }
    s
}

/// `Mar  1 09:00` within six months of now, `Mar  1  2025` before (coreutils and busybox
/// alike).
pub fn date(mtime: u64, now: u64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi) = civil(mtime);
    let month = MONTHS
        .get(usize::try_from(mo).unwrap_or(1).saturating_sub(1))
        .copied()
        .unwrap_or("Jan");
    let six_months = 365 * 86_400 / 2;
    if now.saturating_sub(mtime) < six_months && mtime <= now {
        format!("{month} {d:>2} {h:02}:{mi:02}")
    } else {
        format!("{month} {d:>2}  {y}")
    }
}

/// Seconds since 1970 to `(year, month, day, hour, minute)` in UTC.
fn civil(unix: u64) -> (i64, u32, u32, u32, u32) {
    let (year, month, day, hour, minute, _) = crate::engine::clock::civil_from_unix(unix);
    (year, month, day, hour, minute)
}

/// `4.0K`, `1.1K`, `14K`: coreutils' `human_readable` with `-h` (powers of 1024, one decimal
/// below ten, rounded up).
pub fn human(size: u64) -> String {
    if size < 1024 {
        return size.to_string();
    }
    let units = ['K', 'M', 'G', 'T'];
    let mut value = size as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    let u = units.get(unit).copied().unwrap_or('K');
    if value < 10.0 {
        let tenths = (value * 10.0).ceil() / 10.0;
        if tenths >= 10.0 {
            format!("10{u}")
        } else {
            format!("{tenths:.1}{u}")
        }
    } else {
        format!("{}{u}", value.ceil() as u64)
    }
}

/// The 1 KiB blocks an entry takes (`total`).
fn blocks(meta: &Meta) -> u64 {
    match meta.kind {
        Kind::Link => 0,
        _ => meta.size.div_ceil(4096) * 4,
    }
}

/// How many links a directory has: itself, its `.`, and each subdirectory's `..`.
fn links(fs: &mut dyn Fs, path: &str, meta: &Meta) -> u64 {
    if meta.kind != Kind::Dir {
        return 1;
    }
    let names = fs.list(path).unwrap_or_default();
    let subdirs = names
        .iter()
        .filter(|n| {
            fs.stat(&crate::engine::fs::resolve(path, n))
                .is_ok_and(|m| m.kind == Kind::Dir)
        })
        .count() as u64;
    2 + subdirs
}

fn long(
    fs: &mut dyn Fs,
    entries: &[(String, Meta)],
    opts: &Options,
    flavor: Flavor,
    names: &Names,
    dir: Option<&str>,
) -> Vec<String> {
    let now = fs.now();
    let mut rows: Vec<[String; 7]> = Vec::new();
    let mut total = 0;
    for (name, meta) in entries {
        let path = match dir {
            Some(d) => crate::engine::fs::resolve(d, name),
            None => fs.absolute(name),
        };
        let mut meta = meta.clone();
        // The files the engine answers from its state: their size is their text's.
        if meta.kind == Kind::File && meta.size == 0 {
            if let Ok(text) = fs.read(&path) {
                meta.size = text.len() as u64;
            }
        }
        total += blocks(&meta);
        let shown = match meta.target {
            Some(target) => format!("{name} -> {target}"),
            None => name.clone(),
        };
        let size = if opts.human {
            human(meta.size)
        } else {
            meta.size.to_string()
        };
        rows.push([
            mode_string(&meta),
            links(fs, &path, &meta).to_string(),
            names.user(meta.uid),
            names.group(meta.gid),
            size,
            date(meta.mtime, now),
            shown,
        ]);
    }
    let mut lines = Vec::new();
    if dir.is_some() {
        lines.push(format!("total {total}"));
    }
    let width = |i: usize| {
        rows.iter()
            .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let (wl, wu, wg, ws) = (width(1), width(2), width(3), width(4));
    for r in &rows {
        lines.push(match flavor {
            Flavor::Gnu => format!(
                "{} {:>wl$} {:<wu$} {:<wg$} {:>ws$} {} {}",
                r[0], r[1], r[2], r[3], r[4], r[5], r[6]
            ),
            Flavor::Busybox => format!(
                "{} {:>4} {:<8} {:<8} {:>9} {} {}",
                r[0], r[1], r[2], r[3], r[4], r[5], r[6]
            ),
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_down_then_across() {
        let names = [
            "bin", "boot", "dev", "etc", "home", "lib", "lib64", "media", "mnt", "opt", "proc",
            "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
        ];
        assert_eq!(
            gnu_columns(&names).join("\n"),
            "bin   dev  home  lib64  mnt  proc  run   srv  tmp  var\nboot  etc  lib   media  opt  root  sbin  sys  usr"
        );
        let alpine = [
            "bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run",
            "sbin", "srv", "sys", "tmp", "usr", "var",
        ];
        assert_eq!(
            busybox_columns(&alpine).join("\n"),
            "bin    etc    lib    mnt    proc   run    srv    tmp    var\ndev    home   media  opt    root   sbin   sys    usr"
        );
    }

    #[test]
    fn modes_dates_and_sizes_read_as_ls_prints_them() {
        let meta = |kind, mode| Meta {
            kind,
            mode,
            uid: 0,
            gid: 0,
            mtime: 0,
            size: 0,
            target: None,
        };
        assert_eq!(mode_string(&meta(Kind::Dir, 0o1777)), "drwxrwxrwt");
        assert_eq!(mode_string(&meta(Kind::File, 0o644)), "-rw-r--r--");
        assert_eq!(mode_string(&meta(Kind::Link, 0o777)), "lrwxrwxrwx");
        let epoch = crate::engine::clock::EPOCH_UNIX;
        assert_eq!(date(epoch + 5, epoch + 10), "Mar  1 09:00");
        assert_eq!(date(epoch - 40 * 86_400, epoch), "Jan 20 09:00");
        assert_eq!(date(epoch - 400 * 86_400, epoch), "Jan 25  2025");
        assert_eq!(human(4096), "4.0K");
        assert_eq!(human(1093), "1.1K");
        assert_eq!(human(14_000), "14K");
        assert_eq!(human(512), "512");
    }
}
