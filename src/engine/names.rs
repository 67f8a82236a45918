//! Generated container names, as moby's `namesgenerator` makes them: `adjective_surname`.
//!
//! Source: moby `internal/namesgenerator/names-generator.go` and `daemon/names.go`. The daemon
//! tries six times; from the second try on a digit 0–9 is appended (`agitated_babbage3`), and if
//! all six collide the 12-character short ID becomes the name. `boring_wozniak` is never produced
//! ("Steve Wozniak is not boring"). The surname list here is a subset of moby's 236 names: every
//! name it produces is one a real engine could produce.

use super::rng::Rng;

const ADJECTIVES: &[&str] = &[
    "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful",
    "blissful", "bold", "boring", "brave", "busy", "charming", "clever", "compassionate",
    "competent", "condescending", "confident", "cool", "cranky", "crazy", "dazzling", "determined",
    "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent",
    "epic", "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty",
    "funny", "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic",
    "hopeful", "hungry", "infallible", "inspiring", "intelligent", "interesting", "jolly",
    "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical", "modest", "musing",
    "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic",
    "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical",
    "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy",
    "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting",
    "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
    "xenodochial", "youthful", "zealous", "zen",
];

const SURNAMES: &[&str] = &[
    "agnesi", "albattani", "allen", "almeida", "antonelli", "archimedes", "ardinghelli",
    "aryabhata", "austin", "babbage", "banach", "banzai", "bardeen", "bartik", "bassi", "beaver",
    "bell", "benz", "bhabha", "bhaskara", "black", "blackburn", "blackwell", "bohr", "booth",
    "borg", "bose", "bouman", "boyd", "brahmagupta", "brattain", "brown", "buck", "burnell",
    "cannon", "carson", "cartwright", "carver", "cerf", "chandrasekhar", "chaplygin", "chatelet",
    "chatterjee", "chaum", "chebyshev", "clarke", "cohen", "colden", "cori", "cray", "curie",
    "curran", "darwin", "davinci", "dewdney", "dhawan", "diffie", "dijkstra", "dirac", "driscoll",
    "dubinsky", "easley", "edison", "einstein", "elbakyan", "elgamal", "elion", "ellis",
    "engelbart", "euclid", "euler", "faraday", "feistel", "fermat", "fermi", "feynman", "franklin",
    "gagarin", "galileo", "galois", "ganguly", "gates", "gauss", "germain", "goldberg",
    "goldstine", "goldwasser", "golick", "goodall", "gould", "greider", "grothendieck", "haibt",
    "hamilton", "haslett", "hawking", "heisenberg", "hellman", "hermann", "herschel", "hertz",
    "heyrovsky", "hodgkin", "hofstadter", "hoover", "hopper", "hugle", "hypatia", "ishizaka",
    "jackson", "jang", "jemison", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam",
    "kapitsa", "kare", "keldysh", "keller", "kepler", "khayyam", "khorana", "kilby", "kirch",
    "knuth", "kowalevski", "lalande", "lamarr", "lamport", "leakey", "leavitt", "lederberg",
    "lehmann", "lewin", "lichterman", "liskov", "lovelace", "lumiere", "mahavira", "margulis",
    "matsumoto", "maxwell", "mayer", "mccarthy", "mcclintock", "mclaren", "mclean", "mcnulty",
    "meitner", "mendel", "mendeleev", "meninsky", "merkle", "mestorf", "mirzakhani", "montalcini",
    "moore", "morse", "moser", "murdock", "napier", "nash", "neumann", "newton", "nightingale",
    "nobel", "noether", "northcutt", "noyce", "panini", "pare", "pascal", "pasteur", "payne",
    "perlman", "pike", "poincare", "poitras", "proskuriakova", "ptolemy", "raman", "ramanujan",
    "rhodes", "ride", "ritchie", "robinson", "roentgen", "rosalind", "rubin", "saha", "sammet",
    "sanderson", "satoshi", "shamir", "shannon", "shaw", "shirley", "shockley", "shtern",
    "sinoussi", "snyder", "solomon", "spence", "stonebraker", "sutherland", "swanson", "swartz",
    "swirles", "taussig", "tesla", "tharp", "thompson", "torvalds", "tu", "turing", "varahamihira",
    "vaughan", "villani", "visvesvaraya", "volhard", "wescoff", "wilbur", "wiles", "williams",
    "williamson", "wilson", "wing", "wozniak", "wright", "wu", "yalow", "yonath", "zhukovsky",
];

/// moby's `GetRandomName(retry)`: a fresh name, with a digit appended when `retry > 0`.
pub fn random_name(rng: &mut Rng, retry: u32) -> String {
    loop {
        let adjective = pick(rng, ADJECTIVES);
        let surname = pick(rng, SURNAMES);
        if adjective == "boring" && surname == "wozniak" {
            continue;
        }
        let mut name = format!("{adjective}_{surname}");
        if retry > 0 {
            name.push(char::from(b'0' + rng.below(10) as u8));
        }
        return name;
    }
}

fn pick(rng: &mut Rng, list: &[&'static str]) -> &'static str {
    let index = rng.below(list.len() as u32) as usize;
    list.get(index).copied().unwrap_or("admiring")
}

/// RFC 1123 hostname label.
pub fn valid_host_name(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_adjective_underscore_surname() {
        let mut rng = Rng::new(3);
        for _ in 0..200 {
            let name = random_name(&mut rng, 0);
            let (adjective, surname) = name.split_once('_').expect("underscore");
            assert!(ADJECTIVES.contains(&adjective), "{name}");
            assert!(SURNAMES.contains(&surname), "{name}");
            assert_ne!(name, "boring_wozniak");
        }
    }

    #[test]
    fn retries_append_a_digit() {
        let name = random_name(&mut Rng::new(9), 1);
        assert!(
            name.chars().last().is_some_and(|c| c.is_ascii_digit()),
            "{name}"
        );
    }
}
