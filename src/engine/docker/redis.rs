//! The keyspace of a `redis` container: what `redis-cli` reads and writes. It lives with the
//! container (kept across a restart, as the image's default RDB snapshot on shutdown keeps
//! it) and is gone with it.
//!
//! Commands are the strings, counters, keys, lists and hashes of the Redis tutorials: PING,
//! ECHO, SET (NX, XX, EX, PX, GET), GET, GETSET, MSET, MGET, DEL, EXISTS, INCR, DECR, INCRBY,
//! DECRBY, APPEND, STRLEN, KEYS, TYPE, EXPIRE/TTL (no key expires: time stands still between
//! commands), PERSIST, DBSIZE, FLUSHDB, FLUSHALL, LPUSH, RPUSH, LPOP, RPOP, LRANGE, LLEN,
//! HSET, HGET, HGETALL, HDEL, HKEYS, HLEN, SELECT 0. Replies are typed ([`Reply`]); their
//! errors' Display is Redis's own text (redis/src/server.c, t_string.c, object.c,
//! networking.c). Other commands answer `Reply::NotSimulated`.

use std::collections::{BTreeMap, VecDeque};

use std::fmt;

use crate::engine::{EngineError, World};

/// One key's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    String(String),
    List(VecDeque<String>),
    /// Fields in the order they were first set (a small hash is a listpack: insertion order).
    Hash(Vec<(String, String)>),
}

/// A container's keys, database 0.
pub type Keyspace = BTreeMap<String, Value>;

/// A command's answer, in RESP's kinds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// `+OK`, `+PONG`.
    Status(&'static str),
    /// A bulk string; `None` is the nil reply.
    Bulk(Option<String>),
    Integer(i64),
    Array(Vec<Reply>),
    Error(RedisError),
    /// A command Berth does not simulate.
    NotSimulated(String),
}

/// Redis's error replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedisError {
    UnknownCommand { name: String, args: Vec<String> },
    WrongArity(String),
    WrongType,
    NotAnInteger,
    Syntax,
    DbIndexOutOfRange,
}

impl fmt::Display for RedisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // server.c processCommand: the first arguments, each quoted, 128 bytes at most.
            RedisError::UnknownCommand { name, args } => {
                write!(
                    f,
                    "ERR unknown command '{name}', with args beginning with: "
                )?;
                for a in args {
                    write!(f, "'{a}' ")?;
                }
                Ok(())
            }
            RedisError::WrongArity(name) => {
                write!(f, "ERR wrong number of arguments for '{name}' command")
            }
            RedisError::WrongType => write!(
                f,
                "WRONGTYPE Operation against a key holding the wrong kind of value"
            ),
            RedisError::NotAnInteger => write!(f, "ERR value is not an integer or out of range"),
            RedisError::Syntax => write!(f, "ERR syntax error"),
            RedisError::DbIndexOutOfRange => write!(f, "ERR DB index is out of range"),
        }
    }
}

/// Keys, values and elements past these are refused: a pasted loop cannot eat the tab.
const MAX_KEYS: usize = 10_000;
const MAX_ELEMENTS: usize = 10_000;

impl World {
    /// Runs one command against the keyspace of the redis server in container `key`.
    pub fn redis_command(
        &mut self,
        host: &str,
        key: &str,
        argv: &[String],
    ) -> Result<Reply, EngineError> {
        let id = self.container_lookup(host, key)?.id.clone();
        let h = self.host_mut(host)?;
        let Some(c) = h.containers.get_mut(&id) else {
            return Ok(Reply::Bulk(None));
        };
        Ok(run(&mut c.redis, argv))
    }
}

fn run(db: &mut Keyspace, argv: &[String]) -> Reply {
    let Some((name, args)) = argv.split_first() else {
        return Reply::Bulk(None);
    };
    let command = name.to_ascii_lowercase();
    let arity = |ok: bool| {
        if ok {
            None
        } else {
            Some(Reply::Error(RedisError::WrongArity(command.clone())))
        }
    };
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    macro_rules! need {
        ($ok:expr) => {
            if let Some(e) = arity($ok) {
                return e;
            }
        };
    }
    let full = db.len() >= MAX_KEYS;
    match command.as_str() {
        "ping" => match args {
            [] => Reply::Status("PONG"),
            [m] => Reply::Bulk(Some(m.clone())),
            _ => Reply::Error(RedisError::WrongArity(command)),
        },
        "echo" => {
            need!(args.len() == 1);
            Reply::Bulk(Some(arg(0)))
        }
        "select" => {
            need!(args.len() == 1);
            match arg(0).parse::<i64>() {
                Ok(0) => Reply::Status("OK"),
                Ok(n) if (1..16).contains(&n) => {
                    Reply::NotSimulated("SELECT of another database".into())
                }
                Ok(_) => Reply::Error(RedisError::DbIndexOutOfRange),
                Err(_) => Reply::Error(RedisError::NotAnInteger),
            }
        }
        "set" => {
            need!(args.len() >= 2);
            let (mut nx, mut xx, mut get) = (false, false, false);
            let mut rest = args.iter().skip(2);
            while let Some(option) = rest.next() {
                match option.to_ascii_lowercase().as_str() {
                    "nx" => nx = true,
                    "xx" => xx = true,
                    "get" => get = true,
                    "keepttl" => {}
                    "ex" | "px" | "exat" | "pxat" => match rest.next().map(|n| n.parse::<i64>()) {
                        Some(Ok(n)) if n > 0 => {}
                        Some(Ok(_)) => {
                            return Reply::NotSimulated("a non-positive expire time".into())
                        }
                        _ => return Reply::Error(RedisError::NotAnInteger),
                    },
                    _ => return Reply::Error(RedisError::Syntax),
                }
            }
            if nx && xx {
                return Reply::Error(RedisError::Syntax);
            }
            let old = match db.get(&arg(0)) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) if get => return Reply::Error(RedisError::WrongType),
                Some(_) => None,
                None => None,
            };
            let exists = db.contains_key(&arg(0));
            // NX: only a new key; XX: only an existing one; a full keyspace takes no new key.
            let allowed = if exists { !nx } else { !xx && !full };
            if allowed {
                db.insert(arg(0), Value::String(arg(1)));
            }
            match (get, allowed) {
                (true, _) => Reply::Bulk(old),
                (false, true) => Reply::Status("OK"),
                (false, false) => Reply::Bulk(None),
            }
        }
        "get" => {
            need!(args.len() == 1);
            match db.get(&arg(0)) {
                Some(Value::String(s)) => Reply::Bulk(Some(s.clone())),
                Some(_) => Reply::Error(RedisError::WrongType),
                None => Reply::Bulk(None),
            }
        }
        "getset" => {
            need!(args.len() == 2);
            let old = match db.get(&arg(0)) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Reply::Error(RedisError::WrongType),
                None => None,
            };
            if old.is_some() || !full {
                db.insert(arg(0), Value::String(arg(1)));
            }
            Reply::Bulk(old)
        }
        "mset" => {
            need!(!args.is_empty() && args.len() % 2 == 0);
            for pair in args.chunks(2) {
                if let [k, v] = pair {
                    if db.contains_key(k) || db.len() < MAX_KEYS {
                        db.insert(k.clone(), Value::String(v.clone()));
                    }
                }
            }
            Reply::Status("OK")
        }
        "mget" => {
            need!(!args.is_empty());
            Reply::Array(
                args.iter()
                    .map(|k| match db.get(k) {
                        Some(Value::String(s)) => Reply::Bulk(Some(s.clone())),
                        _ => Reply::Bulk(None),
                    })
                    .collect(),
            )
        }
        "del" | "unlink" => {
            need!(!args.is_empty());
            Reply::Integer(args.iter().filter(|k| db.remove(*k).is_some()).count() as i64)
        }
        "exists" => {
            need!(!args.is_empty());
            Reply::Integer(args.iter().filter(|k| db.contains_key(*k)).count() as i64)
        }
        "incr" | "decr" | "incrby" | "decrby" => {
            let by = match command.as_str() {
                "incr" => {
                    need!(args.len() == 1);
                    1
                }
                "decr" => {
                    need!(args.len() == 1);
                    -1
                }
                _ => {
                    need!(args.len() == 2);
                    match arg(1).parse::<i64>() {
                        Ok(n) if command == "incrby" => n,
                        Ok(n) => n.saturating_neg(),
                        Err(_) => return Reply::Error(RedisError::NotAnInteger),
                    }
                }
            };
            let current = match db.get(&arg(0)) {
                Some(Value::String(s)) => match s.parse::<i64>() {
                    Ok(n) => n,
                    Err(_) => return Reply::Error(RedisError::NotAnInteger),
                },
                Some(_) => return Reply::Error(RedisError::WrongType),
                None if full => return Reply::Error(RedisError::NotAnInteger),
                None => 0,
            };
            let Some(next) = current.checked_add(by) else {
                return Reply::Error(RedisError::NotAnInteger);
            };
            db.insert(arg(0), Value::String(next.to_string()));
            Reply::Integer(next)
        }
        "append" => {
            need!(args.len() == 2);
            match db.get_mut(&arg(0)) {
                Some(Value::String(s)) => {
                    append_value(s, &arg(1));
                    Reply::Integer(s.len() as i64)
                }
                Some(_) => Reply::Error(RedisError::WrongType),
                None => {
                    if !full {
                        db.insert(arg(0), Value::String(arg(1)));
                    }
                    Reply::Integer(arg(1).len() as i64)
                }
            }
        }
        "strlen" => {
            need!(args.len() == 1);
            match db.get(&arg(0)) {
                Some(Value::String(s)) => Reply::Integer(s.len() as i64),
                Some(_) => Reply::Error(RedisError::WrongType),
                None => Reply::Integer(0),
            }
        }
        "keys" => {
            need!(args.len() == 1);
            let pattern = arg(0);
            Reply::Array(
                db.keys()
                    .filter(|k| glob(&pattern, k))
                    .map(|k| Reply::Bulk(Some(k.clone())))
                    .collect(),
            )
        }
        "type" => {
            need!(args.len() == 1);
            Reply::Status(match db.get(&arg(0)) {
                Some(Value::String(_)) => "string",
                Some(Value::List(_)) => "list",
                Some(Value::Hash(_)) => "hash",
                None => "none",
            })
        }
        "expire" | "pexpire" => {
            need!(args.len() >= 2);
            if arg(1).parse::<i64>().is_err() {
                return Reply::Error(RedisError::NotAnInteger);
            }
            Reply::NotSimulated("key expiry (time stands still between commands)".into())
        }
        "ttl" | "pttl" => {
            need!(args.len() == 1);
            Reply::Integer(if db.contains_key(&arg(0)) { -1 } else { -2 })
        }
        "persist" => {
            need!(args.len() == 1);
            Reply::Integer(0)
        }
        "dbsize" => {
            need!(args.is_empty());
            Reply::Integer(db.len() as i64)
        }
        "flushdb" | "flushall" => {
            db.clear();
            Reply::Status("OK")
        }
        "lpush" | "rpush" => {
            need!(args.len() >= 2);
            let list = match db.get_mut(&arg(0)) {
                Some(Value::List(l)) => l,
                Some(_) => return Reply::Error(RedisError::WrongType),
                None if full => return Reply::Integer(0),
                None => {
                    db.insert(arg(0), Value::List(VecDeque::new()));
                    match db.get_mut(&arg(0)) {
                        Some(Value::List(l)) => l,
                        _ => return Reply::Integer(0),
                    }
                }
            };
            for v in args.iter().skip(1) {
                if list.len() >= MAX_ELEMENTS {
                    break;
                }
                if command == "lpush" {
                    list.push_front(v.clone());
                } else {
                    list.push_back(v.clone());
                }
            }
            Reply::Integer(list.len() as i64)
        }
        "lpop" | "rpop" => {
            need!(args.len() == 1);
            let popped = match db.get_mut(&arg(0)) {
                Some(Value::List(l)) if command == "lpop" => l.pop_front(),
                Some(Value::List(l)) => l.pop_back(),
                Some(_) => return Reply::Error(RedisError::WrongType),
                None => None,
            };
            if matches!(db.get(&arg(0)), Some(Value::List(l)) if l.is_empty()) {
                db.remove(&arg(0));
            }
            Reply::Bulk(popped)
        }
        "llen" => {
            need!(args.len() == 1);
            match db.get(&arg(0)) {
                Some(Value::List(l)) => Reply::Integer(l.len() as i64),
                Some(_) => Reply::Error(RedisError::WrongType),
                None => Reply::Integer(0),
            }
        }
        "lrange" => {
            need!(args.len() == 3);
            let (Ok(start), Ok(stop)) = (arg(1).parse::<i64>(), arg(2).parse::<i64>()) else {
                return Reply::Error(RedisError::NotAnInteger);
            };
            match db.get(&arg(0)) {
                Some(Value::List(l)) => {
                    let len = l.len() as i64;
                    let from = if start < 0 {
                        // Any i64 is taken without overflow.
                        len.saturating_add(start).max(0)
                    } else {
                        start
                    };
                    let to = if stop < 0 {
                        len.saturating_add(stop)
                    } else {
                        stop.min(len - 1)
                    };
                    Reply::Array(
                        l.iter()
                            .enumerate()
                            .filter(|(i, _)| (*i as i64) >= from && (*i as i64) <= to)
                            .map(|(_, v)| Reply::Bulk(Some(v.clone())))
                            .collect(),
                    )
                }
                Some(_) => Reply::Error(RedisError::WrongType),
                None => Reply::Array(Vec::new()),
            }
        }
        "hset" | "hmset" => {
            need!(args.len() >= 3 && args.len() % 2 == 1);
            let hash = match db.get_mut(&arg(0)) {
                Some(Value::Hash(h)) => h,
                Some(_) => return Reply::Error(RedisError::WrongType),
                None if full => return Reply::Integer(0),
                None => {
                    db.insert(arg(0), Value::Hash(Vec::new()));
                    match db.get_mut(&arg(0)) {
                        Some(Value::Hash(h)) => h,
                        _ => return Reply::Integer(0),
                    }
                }
            };
            let mut added = 0;
            for pair in args.get(1..).unwrap_or(&[]).chunks(2) {
                if let [f, v] = pair {
                    let room = hash.len() < MAX_ELEMENTS;
                    match hash.iter_mut().find(|(k, _)| k == f) {
                        Some((_, old)) => *old = v.clone(),
                        None if room => {
                            hash.push((f.clone(), v.clone()));
                            added += 1;
                        }
                        None => {}
                    }
                }
            }
            if command == "hmset" {
                Reply::Status("OK")
            } else {
                Reply::Integer(added)
            }
        }
        "hget" => {
            need!(args.len() == 2);
            match db.get(&arg(0)) {
                Some(Value::Hash(h)) => {
                    Reply::Bulk(h.iter().find(|(k, _)| *k == arg(1)).map(|(_, v)| v.clone()))
                }
                Some(_) => Reply::Error(RedisError::WrongType),
                None => Reply::Bulk(None),
            }
        }
        "hgetall" | "hkeys" | "hlen" => {
            need!(args.len() == 1);
            match db.get(&arg(0)) {
                Some(Value::Hash(h)) => match command.as_str() {
                    "hlen" => Reply::Integer(h.len() as i64),
                    "hkeys" => Reply::Array(
                        h.iter()
                            .map(|(k, _)| Reply::Bulk(Some(k.clone())))
                            .collect(),
                    ),
                    _ => Reply::Array(
                        h.iter()
                            .flat_map(|(k, v)| {
                                [Reply::Bulk(Some(k.clone())), Reply::Bulk(Some(v.clone()))]
                            })
                            .collect(),
                    ),
                },
                Some(_) => Reply::Error(RedisError::WrongType),
                None if command == "hlen" => Reply::Integer(0),
                None => Reply::Array(Vec::new()),
            }
        }
        "hdel" => {
            need!(args.len() >= 2);
            match db.get_mut(&arg(0)) {
                Some(Value::Hash(h)) => {
                    let before = h.len();
                    h.retain(|(k, _)| !args.iter().skip(1).any(|f| f == k));
                    let n = before - h.len();
                    if h.is_empty() {
                        db.remove(&arg(0));
                    }
                    Reply::Integer(n as i64)
                }
                Some(_) => Reply::Error(RedisError::WrongType),
                None => Reply::Integer(0),
            }
        }
        "info" | "config" | "client" | "monitor" | "subscribe" | "publish" | "save" | "bgsave"
        | "multi" | "exec" | "watch" | "sadd" | "smembers" | "zadd" | "zrange" | "scan" => {
            Reply::NotSimulated(command.to_ascii_uppercase())
        }
        _ => Reply::Error(RedisError::UnknownCommand {
            name: name.clone(),
            args: args.iter().take(4).cloned().collect(),
        }),
    }
}

/// APPEND's value, a megabyte at most.
fn append_value(value: &mut String, more: &str) {
    if value.len().saturating_add(more.len()) <= 1 << 20 {
        value.push_str(more);
    }
}

/// Redis's glob-style pattern (util.c stringmatchlen): `*`, `?`, `[abc]`, `\x`. Iterative,
/// so a long pattern cannot recurse deep.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
                continue;
            }
            Some('?') => {
                pi += 1;
                ti += 1;
                continue;
            }
            Some('[') => {
                if let Some(end) = p.iter().skip(pi + 1).position(|c| *c == ']') {
                    let class = p.get(pi + 1..pi + 1 + end).unwrap_or(&[]);
                    if t.get(ti).is_some_and(|c| class.contains(c)) {
                        pi += end + 2;
                        ti += 1;
                        continue;
                    }
                }
            }
            Some('\\') if p.get(pi + 1) == t.get(ti) => {
                pi += 2;
                ti += 1;
                continue;
            }
            Some(c) if Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, st)) => {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            None => return false,
        }
    }
    p.iter().skip(pi).all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn strings_counters_and_lists() {
        let mut db = Keyspace::new();
        assert_eq!(run(&mut db, &words("SET a 1")), Reply::Status("OK"));
        assert_eq!(run(&mut db, &words("INCR a")), Reply::Integer(2));
        assert_eq!(run(&mut db, &words("GET a")), Reply::Bulk(Some("2".into())));
        assert_eq!(run(&mut db, &words("RPUSH q x y")), Reply::Integer(2));
        assert_eq!(
            run(&mut db, &words("GET q")),
            Reply::Error(RedisError::WrongType)
        );
        assert_eq!(
            run(&mut db, &words("KEYS *")),
            Reply::Array(vec![
                Reply::Bulk(Some("a".into())),
                Reply::Bulk(Some("q".into()))
            ])
        );
    }

    #[test]
    fn extreme_indexes_are_taken_without_overflow() {
        let mut db = Keyspace::new();
        run(&mut db, &words("RPUSH q a b"));
        let all = Reply::Array(vec![
            Reply::Bulk(Some("a".into())),
            Reply::Bulk(Some("b".into())),
        ]);
        let range = format!("LRANGE q {} {}", i64::MIN, i64::MAX);
        assert_eq!(run(&mut db, &words(&range)), all);
        let range = format!("LRANGE q 0 {}", i64::MIN);
        assert_eq!(run(&mut db, &words(&range)), Reply::Array(Vec::new()));
        let incr = format!("INCRBY n {}", i64::MAX);
        run(&mut db, &words(&incr));
        assert_eq!(
            run(&mut db, &words("INCR n")),
            Reply::Error(RedisError::NotAnInteger)
        );
    }

    #[test]
    fn globs_match_as_redis_does() {
        assert!(glob("user:*", "user:1"));
        assert!(glob("h?llo", "hello"));
        assert!(glob("h[ae]llo", "hallo"));
        assert!(!glob("h[ae]llo", "hillo"));
        assert!(glob("*", ""));
    }
}
