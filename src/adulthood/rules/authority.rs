//! The responsible placing authority (安置责任主体, ADU-05): 分级管理，谁送养谁安置 (seed 004 ch.2; Inner
//! Mongolia 2024; Xuancheng). The county that sent the child, or where the child was found, places the
//! young adult; if neither can be determined, the city (the civil-affairs department of the city whose
//! institution raised the child). Pure: the archive's record and the divisions are arguments.

/// A division as the rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Div {
    pub id: i64,
    pub name: String,
    /// `province`, `city` or `county`.
    pub level: String,
    pub parent_id: Option<i64>,
}

/// An institution the child was in: whether it is a county child-welfare institution, and its division.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stay {
    pub county_institution: bool,
    pub division_id: i64,
}

crate::code_enum! {
    /// Why this authority places the young person.
    pub enum Basis {
        /// The county institution that sent the child (移交/送养的县).
        Sent = "sent",
        /// The county where the child was found (发现地/捡拾地所在县).
        Found = "found",
        /// The county institution still raising the child places them itself.
        Own = "own",
        /// Neither can be determined: the city civil-affairs department.
        City = "city",
    }
}

/// The authority and its basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Authority {
    pub division_id: i64,
    pub basis: Basis,
}

fn city_of(divs: &[Div], id: i64) -> i64 {
    let mut cur = id;
    for _ in 0..8 {
        let Some(d) = divs.iter().find(|d| d.id == cur) else {
            return cur;
        };
        if d.level != "county" {
            return d.id;
        }
        match d.parent_id {
            Some(p) => cur = p,
            None => return d.id,
        }
    }
    cur
}

/// The authority for a child raised now at `current`, earlier at `earlier` (oldest first), found at
/// `found_place` (free text from intake, e.g. 「农安县合隆镇派出所门前」).
pub fn placing_authority(
    current: Stay,
    earlier: &[Stay],
    found_place: &str,
    divs: &[Div],
) -> Authority {
    // 谁送养谁安置: the first county institution that raised the child sent it on.
    if let Some(s) = earlier.iter().find(|s| s.county_institution) {
        return Authority {
            division_id: s.division_id,
            basis: Basis::Sent,
        };
    }
    let city = city_of(divs, current.division_id);
    // Xuancheng: the county of the place where the child was found — a county of the same city whose
    // name the recorded place names (the longest name wins: 「榆树市」 before a shorter match).
    let found = divs
        .iter()
        .filter(|d| d.level == "county" && d.parent_id == Some(city))
        .filter(|d| !d.name.is_empty() && found_place.contains(d.name.as_str()))
        .max_by_key(|d| d.name.chars().count());
    if let Some(d) = found {
        return Authority {
            division_id: d.id,
            basis: Basis::Found,
        };
    }
    if current.county_institution {
        return Authority {
            division_id: current.division_id,
            basis: Basis::Own,
        };
    }
    Authority {
        division_id: city,
        basis: Basis::City,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn divs() -> Vec<Div> {
        let d = |id, name: &str, level: &str, parent| Div {
            id,
            name: name.into(),
            level: level.into(),
            parent_id: parent,
        };
        vec![
            d(1, "吉林省", "province", None),
            d(2, "长春市", "city", Some(1)),
            d(3, "农安县", "county", Some(2)),
            d(4, "榆树市", "county", Some(2)),
            d(5, "吉林市", "city", Some(1)),
            d(6, "永吉县", "county", Some(5)),
        ]
    }
    const CITY_CWI: Stay = Stay {
        county_institution: false,
        division_id: 2,
    };

    #[test]
    fn the_sending_county_places() {
        let na = Stay {
            county_institution: true,
            division_id: 3,
        };
        let a = placing_authority(CITY_CWI, &[na], "榆树市某街道", &divs());
        assert_eq!(
            a,
            Authority {
                division_id: 3,
                basis: Basis::Sent
            }
        );
    }

    #[test]
    fn else_the_county_where_the_child_was_found() {
        let a = placing_authority(CITY_CWI, &[], "榆树市华昌街道派出所", &divs());
        assert_eq!(
            a,
            Authority {
                division_id: 4,
                basis: Basis::Found
            }
        );
        // A county of another city is not this city's to place.
        let b = placing_authority(CITY_CWI, &[], "永吉县口前镇", &divs());
        assert_eq!(b.basis, Basis::City);
    }

    #[test]
    fn else_the_city() {
        let a = placing_authority(CITY_CWI, &[], "长春市二道区", &divs());
        assert_eq!(
            a,
            Authority {
                division_id: 2,
                basis: Basis::City
            }
        );
        // A city institution earlier (another city's) does not send.
        let jl = Stay {
            county_institution: false,
            division_id: 5,
        };
        assert_eq!(
            placing_authority(CITY_CWI, &[jl], "", &divs()).basis,
            Basis::City
        );
    }

    #[test]
    fn a_county_institution_places_its_own() {
        let na = Stay {
            county_institution: true,
            division_id: 3,
        };
        assert_eq!(
            placing_authority(na, &[], "", &divs()),
            Authority {
                division_id: 3,
                basis: Basis::Own
            }
        );
    }
}
