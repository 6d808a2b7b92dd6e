//! A compact binary encoding of parsed files for the parse cache: every field, positions
//! included (the JSON that commands print leaves some out, so serde's derive is not it).
//! Decoding never panics: a short or foreign buffer gives `None`, and the cache is then
//! ignored and rebuilt.

use crate::diag::{Diagnostic, Pos, Rule, Severity};
use crate::model::*;
use jiff::civil::Date;

pub trait Codec: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(r: &mut Reader<'_>) -> Option<Self>;
}

/// A cursor over bytes being decoded.
pub struct Reader<'a> {
    pub bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.bytes.len() {
            return None;
        }
        let (a, b) = self.bytes.split_at(n);
        self.bytes = b;
        Some(a)
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

/// Unsigned LEB128.
pub fn put_uv(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

pub fn get_uv(r: &mut Reader<'_>) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *r.take(1)?.first()?;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

impl Codec for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        put_uv(out, *self);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        get_uv(r)
    }
}

impl Codec for u32 {
    fn put(&self, out: &mut Vec<u8>) {
        put_uv(out, u64::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        u32::try_from(get_uv(r)?).ok()
    }
}

impl Codec for usize {
    fn put(&self, out: &mut Vec<u8>) {
        put_uv(out, *self as u64);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        usize::try_from(get_uv(r)?).ok()
    }
}

impl Codec for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        match r.take(1)?[0] {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Codec for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(f64::from_le_bytes(r.take(8)?.try_into().ok()?))
    }
}

impl Codec for String {
    fn put(&self, out: &mut Vec<u8>) {
        put_uv(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let n = usize::try_from(get_uv(r)?).ok()?;
        String::from_utf8(r.take(n)?.to_vec()).ok()
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                v.put(out);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        match r.take(1)?[0] {
            0 => Some(None),
            1 => Some(Some(T::get(r)?)),
            _ => None,
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_uv(out, self.len() as u64);
        for v in self {
            v.put(out);
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let n = usize::try_from(get_uv(r)?).ok()?;
        // Each element takes at least a byte: a corrupt length cannot allocate much.
        if n > r.bytes.len() {
            return None;
        }
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(T::get(r)?);
        }
        Some(v)
    }
}

impl<A: Codec, B: Codec> Codec for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some((A::get(r)?, B::get(r)?))
    }
}

impl Codec for Date {
    fn put(&self, out: &mut Vec<u8>) {
        let n =
            i64::from(self.year()) * 10_000 + i64::from(self.month()) * 100 + i64::from(self.day());
        put_uv(out, n as u64);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        let n = get_uv(r)?;
        let y = i16::try_from(n / 10_000).ok()?;
        let m = i8::try_from(n / 100 % 100).ok()?;
        let d = i8::try_from(n % 100).ok()?;
        Date::new(y, m, d).ok()
    }
}

impl Codec for Pos {
    fn put(&self, out: &mut Vec<u8>) {
        self.line.put(out);
        self.col.put(out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(Pos {
            line: u32::get(r)?,
            col: u32::get(r)?,
        })
    }
}

impl<T: Codec> Codec for Sp<T> {
    fn put(&self, out: &mut Vec<u8>) {
        self.value.put(out);
        self.pos.put(out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(Sp::new(T::get(r)?, Pos::get(r)?))
    }
}

/// An enum as its index in a fixed list. The index comes from a `match`, so a variant
/// missing from the list does not compile (it used to be cached as the first one).
macro_rules! codec_enum {
    ($t:ty, [$($v:path),* $(,)?]) => {
        impl Codec for $t {
            fn put(&self, out: &mut Vec<u8>) {
                let mut i = 0u64;
                $(
                    if matches!(self, $v) {
                        put_uv(out, i);
                        return;
                    }
                    i += 1;
                )*
                let _ = i;
                // Every variant is listed: `exhaustive` below fails to compile otherwise.
                unreachable!("codec_enum lists every variant");
            }
            fn get(r: &mut Reader<'_>) -> Option<Self> {
                const ALL: &[$t] = &[$($v),*];
                ALL.get(usize::try_from(get_uv(r)?).ok()?).copied()
            }
        }
        const _: () = {
            #[allow(dead_code)]
            fn exhaustive(x: $t) {
                match x {
                    $($v)|* => {}
                }
            }
        };
    };
}

codec_enum!(
    Priority,
    [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent
    ]
);
codec_enum!(
    LinkState,
    [
        LinkState::Exists,
        LinkState::Folder,
        LinkState::Missing,
        LinkState::Escapes
    ]
);
codec_enum!(
    ProjectStatus,
    [
        ProjectStatus::Planned,
        ProjectStatus::Active,
        ProjectStatus::OnHold,
        ProjectStatus::Done,
        ProjectStatus::Cancelled,
    ]
);
codec_enum!(
    DecisionStatus,
    [
        DecisionStatus::Proposed,
        DecisionStatus::Accepted,
        DecisionStatus::Rejected,
        DecisionStatus::Deprecated,
        DecisionStatus::Superseded,
    ]
);
codec_enum!(Severity, [Severity::Error, Severity::Warning]);
codec_enum!(
    FileKind,
    [
        FileKind::Config,
        FileKind::Project,
        FileKind::Task,
        FileKind::Meeting,
        FileKind::Decision,
        FileKind::TimeLog,
    ]
);

impl Codec for Rule {
    fn put(&self, out: &mut Vec<u8>) {
        self.name().to_owned().put(out);
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Rule::from_name(&String::get(r)?)
    }
}

/// A struct as its fields in order.
macro_rules! codec_struct {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Codec for $t {
            fn put(&self, out: &mut Vec<u8>) {
                $( self.$f.put(out); )*
            }
            fn get(r: &mut Reader<'_>) -> Option<Self> {
                Some($t { $( $f: Codec::get(r)?, )* })
            }
        }
    };
}

impl Codec for FieldValue {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            FieldValue::Text(t) => {
                out.push(0);
                t.put(out);
            }
            FieldValue::Number(n) => {
                out.push(1);
                n.put(out);
            }
            FieldValue::Bool(b) => {
                out.push(2);
                b.put(out);
            }
            FieldValue::Date(d) => {
                out.push(3);
                d.put(out);
            }
            FieldValue::List(v) => {
                out.push(4);
                v.put(out);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<Self> {
        Some(match r.take(1)?.first()? {
            0 => FieldValue::Text(Codec::get(r)?),
            1 => FieldValue::Number(Codec::get(r)?),
            2 => FieldValue::Bool(Codec::get(r)?),
            3 => FieldValue::Date(Codec::get(r)?),
            4 => FieldValue::List(Codec::get(r)?),
            _ => return None,
        })
    }
}

codec_struct!(FieldEntry {
    name,
    value,
    pos,
    default
});
codec_struct!(Link { target, state, pos });
codec_struct!(ChecklistItem {
    checked,
    text,
    mentions,
    due,
    tasks,
    carried_to,
    pos
});
codec_struct!(DiscussionEntry {
    date,
    author,
    text,
    mentions,
    pos
});
codec_struct!(Body {
    checklist,
    links,
    discussion
});
codec_struct!(Milestone { id, title, due });
codec_struct!(MetricSource { file, column, date });
codec_struct!(Goal {
    id,
    title,
    unit,
    baseline,
    target,
    current,
    due,
    source,
    trend_points,
    series,
    pos
});
codec_struct!(Project {
    file,
    id,
    title,
    owner,
    status,
    start,
    due,
    budget_hours,
    budget_cost,
    baseline,
    milestones,
    goals,
    fields,
    body,
});
codec_struct!(Task {
    file,
    id,
    number,
    title,
    status,
    project,
    milestone,
    assignees,
    priority,
    estimate_hours,
    estimate_pos,
    spent_hours,
    max_per_day,
    progress,
    start,
    due,
    depends_on,
    parent,
    tags,
    attachments,
    created,
    closed,
    recur,
    fields,
    source,
    body,
});
codec_struct!(DailyLimit { all, people });
codec_struct!(Meeting {
    file,
    id,
    title,
    date,
    project,
    attendees,
    series,
    facilitator,
    fields,
    body
});
codec_struct!(DecisionOption {
    name,
    scores,
    notes
});
codec_struct!(Decision {
    file,
    id,
    number,
    title,
    status,
    status_pos,
    date,
    due,
    deciders,
    project,
    supersedes,
    criteria,
    options,
    chosen,
    tasks,
    source,
    fields,
    body,
});
codec_struct!(Diagnostic {
    rule,
    severity,
    file,
    line,
    column,
    message,
    hint,
    subject
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_survive_a_round_trip_and_garbage_is_refused() {
        let t = (
            vec![Sp::new("T-1".to_owned(), Pos { line: 2, col: 5 })],
            Some(Date::new(2026, 11, 30).expect("date")),
        );
        let mut buf = Vec::new();
        t.put(&mut buf);
        let mut r = Reader { bytes: &buf };
        let back: (Vec<Sp<String>>, Option<Date>) = Codec::get(&mut r).expect("decodes");
        assert_eq!(back, t);
        assert!(r.is_empty());
        for cut in 0..buf.len() {
            let mut r = Reader { bytes: &buf[..cut] };
            assert!(<(Vec<Sp<String>>, Option<Date>)>::get(&mut r).is_none());
        }
        let mut r = Reader {
            bytes: &[
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
            ],
        };
        assert!(Vec::<String>::get(&mut r).is_none());
    }
}
