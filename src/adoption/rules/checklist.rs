//! The placing institution's documents (ADP-18, 《中国公民收养子女登记办法》 第6条、第7条), pure: which
//! documents a child welfare institution hands over for a child of each category, matched against the
//! document types the child's archive holds (read by the caller through `crate::archive::documents`).

use super::Category;

/// One document of the checklist: its catalogue code, the archive document types that satisfy it
/// (empty: the archive has no type for it — checked on paper) and whether the archive holds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needed {
    pub code: &'static str,
    pub types: &'static [&'static str],
    /// None when no archive document type records it.
    pub present: Option<bool>,
}

/// The placer's documents for an institution child (登记办法 第7条): the original intake record; for a
/// parents-unknown child the police report of the found child; for an orphan the proof of the parents'
/// death; for a trafficking-rescued child the police certificate that the parents cannot be found
/// (ADP-29); for a disabled child the disability certificate (第6条, no archive type).
pub fn placer_documents(
    category: Category,
    disabled: bool,
    trafficked: bool,
    held: &[&str],
) -> Vec<Needed> {
    let mut out: Vec<(&'static str, &'static [&'static str])> =
        vec![("intake_record", &["intake-registration"])];
    match category {
        Category::ParentsUnknown => out.push(("police_report", &["police-found-report"])),
        Category::Orphan => out.push(("death_proof", &["death-proof", "court-judgment"])),
        Category::ParentsDifficulty | Category::ParentsAble => {
            out.push(("difficulty_proof", &["incapacity-proof"]))
        }
    }
    if trafficked {
        out.push(("not_found_certificate", &["parents-not-found-certificate"]));
    }
    if disabled {
        out.push(("disability_certificate", &[]));
    }
    out.into_iter()
        .map(|(code, types)| Needed {
            code,
            types,
            present: (!types.is_empty()).then(|| types.iter().any(|t| held.contains(t))),
        })
        .collect()
}

/// Every code [`placer_documents`] can name (catalogue keys `adoption.doc.<code>`).
pub const CODES: &[&str] = &[
    "intake_record",
    "police_report",
    "death_proof",
    "difficulty_proof",
    "not_found_certificate",
    "disability_certificate",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(v: &[Needed]) -> Vec<(&str, Option<bool>)> {
        v.iter().map(|n| (n.code, n.present)).collect()
    }

    #[test]
    fn parents_unknown_needs_intake_and_police_report() {
        let v = placer_documents(
            Category::ParentsUnknown,
            false,
            false,
            &["intake-registration"],
        );
        assert_eq!(
            codes(&v),
            [
                ("intake_record", Some(true)),
                ("police_report", Some(false))
            ]
        );
    }

    #[test]
    fn orphan_death_proof_by_court_judgment_too() {
        let v = placer_documents(Category::Orphan, false, false, &["court-judgment"]);
        assert_eq!(
            codes(&v),
            [("intake_record", Some(false)), ("death_proof", Some(true))]
        );
    }

    #[test]
    fn trafficked_and_disabled_add_their_documents() {
        let v = placer_documents(
            Category::ParentsUnknown,
            true,
            true,
            &[
                "intake-registration",
                "police-found-report",
                "parents-not-found-certificate",
            ],
        );
        assert_eq!(
            codes(&v),
            [
                ("intake_record", Some(true)),
                ("police_report", Some(true)),
                ("not_found_certificate", Some(true)),
                ("disability_certificate", None),
            ]
        );
        for n in &v {
            assert!(CODES.contains(&n.code));
        }
    }
}
