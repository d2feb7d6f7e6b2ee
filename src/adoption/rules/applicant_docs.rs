//! The applicants' documents (ADP-18, adopter side; 《中国公民收养子女登记办法》 第6条, 第7条 for the
//! kinship proof), pure: which documents an application needs for its relation and the child's category,
//! and the checklist of an application from the kinds it holds.
//!
//! 登记办法 第6条 (V-TEXT): the adopter submits the application (收养申请书), the hukou book and the ID
//! card (户口簿和居民身份证), a certificate of marital status and of the ability to raise the child
//! (婚姻状况和抚养教育被收养人能力的证明), the statement on children (子女情况声明) and a health
//! certificate of a medical institution at county level or above (县级以上医疗机构出具的身体健康检查证明);
//! for a child whose parents cannot be found also the fertility certificate (生育情况证明) — a child of an
//! institution needs no police found-child report from the adopter (the institution hands over its own
//! record, see `checklist`). **A stepparent adopting a stepchild submits only the hukou book, the ID card
//! and the marriage certificate (结婚证明).** A relative's child (第1099条) needs the proof of kinship
//! (亲属关系证明, 第7条).

use super::{Category, Relation};

crate::code_enum! {
    /// A document type an applicant may upload (catalogue `adoption.adoc.<code>`).
    pub enum DocKind {
        /// 收养申请书 — the written application.
        Application = "application",
        /// 户口簿 — the household register.
        Hukou = "hukou",
        /// 居民身份证 — the resident ID card.
        IdCard = "id_card",
        /// 婚姻状况和抚养能力证明 — marital status and ability to raise (employer / 村居委会).
        MaritalAbility = "marital_ability",
        /// 子女情况声明 — the adopter's statement on children.
        ChildrenStatement = "children_statement",
        /// 县级以上医疗机构出具的身体健康检查证明 — health certificate.
        Health = "health",
        /// 生育情况证明 — fertility status certificate (parents-unknown child).
        Fertility = "fertility",
        /// 结婚证 — marriage certificate (stepparent adoption).
        MarriageCertificate = "marriage_certificate",
        /// 亲属关系证明 — proof of kinship (relative's child, 第7条).
        KinshipProof = "kinship_proof",
        /// 其他 — any other document; never required.
        Other = "other",
    }
}

/// The documents an application needs (ADP-18): by the applicants' relation to the child and the
/// child's category. Per application, not per applicant: one upload of a kind may hold every
/// applicant's page (both spouses' ID cards in one scan).
pub fn required(relation: Relation, category: Category) -> Vec<DocKind> {
    use DocKind::*;
    if relation == Relation::Stepparent {
        // 第6条 last paragraph: hukou, ID and the marriage certificate only.
        return vec![Hukou, IdCard, MarriageCertificate];
    }
    let mut v = vec![
        Application,
        Hukou,
        IdCard,
        MaritalAbility,
        ChildrenStatement,
        Health,
    ];
    if category == Category::ParentsUnknown {
        v.push(Fertility);
    }
    if relation == Relation::CollateralSameGeneration {
        v.push(KinshipProof);
    }
    v
}

/// One line of the checklist: the kind, whether it is required, whether one is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub kind: DocKind,
    pub required: bool,
    pub present: bool,
}

/// The checklist: the required kinds in the order of 第6条, then any other kind held.
pub fn checklist(relation: Relation, category: Category, held: &[DocKind]) -> Vec<Line> {
    let req = required(relation, category);
    let mut out: Vec<Line> = req
        .iter()
        .map(|k| Line {
            kind: *k,
            required: true,
            present: held.contains(k),
        })
        .collect();
    for k in DocKind::ALL {
        if !req.contains(k) && held.contains(k) {
            out.push(Line {
                kind: *k,
                required: false,
                present: true,
            });
        }
    }
    out
}

/// The required kinds not held: registration is refused while any is missing (ADP-18).
pub fn missing(relation: Relation, category: Category, held: &[DocKind]) -> Vec<DocKind> {
    required(relation, category)
        .into_iter()
        .filter(|k| !held.contains(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::DocKind::*;
    use super::*;

    #[test]
    fn an_unrelated_adopter_of_an_orphan_needs_the_six_of_article_6() {
        let r = required(Relation::None, Category::Orphan);
        assert_eq!(
            r,
            [
                Application,
                Hukou,
                IdCard,
                MaritalAbility,
                ChildrenStatement,
                Health
            ]
        );
    }

    #[test]
    fn a_parents_unknown_child_adds_the_fertility_certificate() {
        let r = required(Relation::None, Category::ParentsUnknown);
        assert!(r.contains(&Fertility));
        assert!(!required(Relation::None, Category::ParentsDifficulty).contains(&Fertility));
    }

    #[test]
    fn a_stepparent_needs_only_hukou_id_and_marriage_certificate() {
        // Even for a parents-unknown category: the stepparent rule of 第6条 replaces the list.
        for c in Category::ALL {
            assert_eq!(
                required(Relation::Stepparent, *c),
                [Hukou, IdCard, MarriageCertificate]
            );
        }
    }

    #[test]
    fn a_relative_adds_the_kinship_proof() {
        let r = required(Relation::CollateralSameGeneration, Category::Orphan);
        assert_eq!(r.last(), Some(&KinshipProof));
        assert_eq!(r.len(), 7);
    }

    #[test]
    fn checklist_marks_present_and_missing_and_lists_extra_kinds() {
        let held = [Hukou, IdCard, Other];
        let c = checklist(Relation::Stepparent, Category::Orphan, &held);
        assert_eq!(
            c,
            [
                Line {
                    kind: Hukou,
                    required: true,
                    present: true
                },
                Line {
                    kind: IdCard,
                    required: true,
                    present: true
                },
                Line {
                    kind: MarriageCertificate,
                    required: true,
                    present: false
                },
                Line {
                    kind: Other,
                    required: false,
                    present: true
                },
            ]
        );
        assert_eq!(
            missing(Relation::Stepparent, Category::Orphan, &held),
            [MarriageCertificate]
        );
        let all: Vec<DocKind> = DocKind::ALL.to_vec();
        assert!(missing(Relation::None, Category::ParentsUnknown, &all).is_empty());
        assert!(!required(Relation::None, Category::Orphan).contains(&Other));
    }
}
