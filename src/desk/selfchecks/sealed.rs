//! What a self-check's seal holds: the record, its answers and score, and the owner's
//! signature over them, padded to one size before sealing; and opening it again, which
//! checks the signature against the keys the owner has held.

use super::*;

/// Bumped whenever the sealed layout changes, so an old seal is never misread. Version 2
/// added the owner's signature and the padding; version 1 seals carry no signature, so they
/// are never verified (anyone holding the master key could have made one).
pub(super) const SEALED_VERSION: u32 = 2;

/// Every plaintext is padded to exactly this many bytes before sealing (and the age file
/// after it, see [`seal_padded_to`]), so a seal's length tells nothing of the instrument, the
/// answers or the score: only how many recipients it has. The largest content of every
/// built-in instrument fits with room to spare (a test computes each one's worst case;
/// PHQ-9's, at about 620 bytes, is the largest); content that does not fit is refused,
/// never sealed short.
pub(super) const SEALED_SIZE: usize = 1024;

/// Starts every signed message, so that a self-check signature cannot pass for an audit
/// entry's or anything else the same key signs.
pub(super) const SIGNED_DOMAIN: &[u8] = b"steady self-check\0";

/// The plaintext inside a seal: JSON, then zero bytes up to [`SEALED_SIZE`]. JSON text never
/// holds a zero byte (serde_json writes a NUL inside a string as `\u0000`), so the first zero
/// ends the content unambiguously. The record's id, owner and date are repeated here so that
/// a seal copied into another row (or another owner's) is refused when opened; `signer` and
/// `signature` make it the owner's (see [`Sealed::signed_message`]).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Sealed {
    pub(super) version: u32,
    pub(super) id: i64,
    pub(super) owner: String,
    pub(super) taken_on: String,
    pub(super) instrument: String,
    /// `null` for a skipped item.
    pub(super) answers: Vec<Option<u32>>,
    pub(super) score: SealedScore,
    /// The owner's Ed25519 public key (hex) that made `signature`. Absent in version 1.
    #[serde(default)]
    pub(super) signer: Option<String>,
    /// Ed25519 (hex) over [`Sealed::signed_message`]. Absent in version 1.
    #[serde(default)]
    pub(super) signature: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SealedScore {
    pub(super) total: u32,
    pub(super) percent: Option<u32>,
    pub(super) band: String,
    pub(super) flags: Vec<String>,
    pub(super) prorated: bool,
    pub(super) safety_item_endorsed: bool,
}

/// What opening a row's seal with this session's key found.
pub(super) enum Opened {
    /// It is not sealed to this key.
    NotForMe,
    /// The record stored in the row, signed by a key its owner holds or held.
    Verified(Box<Sealed>),
    /// It opens, but is not a record its owner signed (see [`SelfCheckEntry::Unverified`]).
    Unverified,
}

impl Opened {
    /// The list entry for `row`; `None` if it is not sealed to this key.
    pub(super) fn into_entry(self, row: &SelfCheckRow) -> Option<SelfCheckEntry> {
        match self {
            Self::NotForMe => None,
            Self::Verified(content) => Some(SelfCheckEntry::Verified(content.into_view(row))),
            Self::Unverified => Some(SelfCheckEntry::Unverified(record_of(row))),
        }
    }
}

/// Appends the canonical encoding of signed fields: integers fixed-width big-endian, text
/// and lists prefixed by their length (u64 big-endian), an optional value or a flag by a
/// tag byte. Every field decodes from where the previous one ended, so two different records
/// never encode to the same bytes.
pub(super) struct Canonical(Vec<u8>);

impl Canonical {
    pub(super) fn length(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u64).to_be_bytes());
    }

    pub(super) fn text(&mut self, text: &str) {
        self.length(text.len());
        self.0.extend_from_slice(text.as_bytes());
    }

    pub(super) fn number(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_be_bytes());
    }

    pub(super) fn optional(&mut self, n: Option<u32>) {
        match n {
            None => self.0.push(0),
            Some(n) => {
                self.0.push(1);
                self.number(n);
            }
        }
    }

    pub(super) fn flag(&mut self, on: bool) {
        self.0.push(u8::from(on));
    }
}

impl Sealed {
    /// The content of a new self-check, signed with its owner's key.
    pub(super) fn signed(
        record: &SelfCheckRecord,
        answers: &[Answer],
        score: &Score,
        owner: &AccountSecrets,
    ) -> Self {
        let mut content = Self::unsigned(record, answers, score);
        content.signer = Some(owner.public().ed25519);
        content.signature = Some(owner.sign(&content.signed_message()));
        content
    }

    pub(super) fn unsigned(record: &SelfCheckRecord, answers: &[Answer], score: &Score) -> Self {
        Self {
            version: SEALED_VERSION,
            id: record.id,
            owner: record.owner.clone(),
            taken_on: record.taken_on.clone(),
            instrument: score.instrument.clone(),
            answers: answers
                .iter()
                .map(|a| match a {
                    Answer::Value(v) => Some(*v),
                    Answer::Skipped => None,
                })
                .collect(),
            score: SealedScore {
                total: score.total,
                percent: score.percent,
                band: score.band.clone(),
                flags: score.flags.clone(),
                prorated: score.prorated,
                safety_item_endorsed: score.safety_item_endorsed,
            },
            signer: None,
            signature: None,
        }
    }

    /// The bytes the owner signs: a domain label, then every field but the signature itself,
    /// in declaration order, encoded by [`Canonical`] (so the signature covers exactly the
    /// record, whatever the JSON around it looks like).
    pub(super) fn signed_message(&self) -> Vec<u8> {
        let mut out = Canonical(SIGNED_DOMAIN.to_vec());
        out.number(self.version);
        out.0.extend_from_slice(&self.id.to_be_bytes());
        out.text(&self.owner);
        out.text(&self.taken_on);
        out.text(&self.instrument);
        out.length(self.answers.len());
        for answer in &self.answers {
            out.optional(*answer);
        }
        let score = &self.score;
        out.number(score.total);
        out.optional(score.percent);
        out.text(&score.band);
        out.length(score.flags.len());
        for flag in &score.flags {
            out.text(flag);
        }
        out.flag(score.prorated);
        out.flag(score.safety_item_endorsed);
        out.0
    }

    /// Whether this is the current layout, signed by one of `keys` (Ed25519, hex).
    pub(super) fn signed_by_one_of(&self, keys: &[String]) -> bool {
        let (Some(signer), Some(signature)) = (&self.signer, &self.signature) else {
            return false;
        };
        self.version == SEALED_VERSION
            && keys.contains(signer)
            && verify_signature(signer, &self.signed_message(), signature)
    }

    /// Whether this content names the record stored in `row` (and is not one moved there).
    pub(super) fn belongs_in(&self, row: &SelfCheckRow) -> bool {
        self.id == row.id && self.owner == row.owner && self.taken_on == row.taken_on
    }

    /// The JSON, padded with zero bytes to exactly [`SEALED_SIZE`].
    pub(super) fn to_padded(&self) -> Result<Zeroizing<Vec<u8>>> {
        let mut plaintext = Zeroizing::new(serde_json::to_vec(self).map_err(|e| {
            Error::Vault(vault::Error::Crypto(format!(
                "cannot prepare the self-check for sealing: {e}"
            )))
        })?);
        if plaintext.len() > SEALED_SIZE {
            return Err(Error::Vault(vault::Error::Crypto(format!(
                "self-check {} is {} bytes, more than the {SEALED_SIZE} every sealed \
                 self-check is padded to; nothing was stored",
                self.id,
                plaintext.len()
            ))));
        }
        plaintext.resize(SEALED_SIZE, 0);
        Ok(plaintext)
    }

    /// The content of an opened seal: JSON, then nothing but zero bytes. `None` if it is not
    /// that (so not anything steady sealed).
    pub(super) fn from_padded(plaintext: &[u8]) -> Option<Self> {
        let end = plaintext
            .iter()
            .position(|&b| b == 0)
            .unwrap_or(plaintext.len());
        let (json, padding) = plaintext.split_at(end);
        if padding.iter().any(|&b| b != 0) {
            return None;
        }
        serde_json::from_slice(json).ok()
    }

    pub(super) fn into_view(self, row: &SelfCheckRow) -> SelfCheckView {
        SelfCheckView {
            record: record_of(row),
            answers: self
                .answers
                .iter()
                .map(|a| a.map_or(Answer::Skipped, Answer::Value))
                .collect(),
            score: Score {
                instrument: self.instrument,
                total: self.score.total,
                percent: self.score.percent,
                band: self.score.band,
                flags: self.score.flags,
                prorated: self.score.prorated,
                safety_item_endorsed: self.score.safety_item_endorsed,
            },
        }
    }
}
