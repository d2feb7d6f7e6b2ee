//! User accounts (账户).

use super::permissions::Role;
use crate::db::schema::users;
use crate::db::DbConn;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

crate::id_type! {
    /// A user account's id.
    pub struct UserId;
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    #[serde(skip)]
    pub password_hash: String,
    pub role: Role,
    pub institution_id: Option<crate::org::InstitutionId>,
    pub division_id: Option<i64>,
    pub language: String,
    pub active: bool,
    #[serde(skip)]
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl User {
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn can(&self, action: super::Action) -> bool {
        super::allowed(self.role, action)
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub password_hash: &'a str,
    pub role: Role,
    pub institution_id: Option<crate::org::InstitutionId>,
    pub division_id: Option<i64>,
    pub language: &'a str,
    pub active: bool,
    pub failed_logins: i32,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn by_username(conn: &mut DbConn, name: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::username.eq(name))
        .select(User::as_select())
        .get_result(conn)
        .optional()
}

pub fn by_id(conn: &mut DbConn, id: UserId) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .get_result(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, u: &NewUser<'_>) -> QueryResult<UserId> {
    diesel::insert_into(users::table).values(u).execute(conn)?;
    users::table
        .filter(users::username.eq(u.username))
        .select(users::id)
        .first(conn)
}

pub fn list(conn: &mut DbConn) -> QueryResult<Vec<User>> {
    users::table
        .order(users::username.asc())
        .select(User::as_select())
        .load(conn)
}

/// A username: 3–40 characters of letters, digits, `.`, `_`, `-`; no control characters or spaces.
pub fn valid_username(s: &str) -> bool {
    let n = s.chars().count();
    (3..=40).contains(&n)
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    #[test]
    fn usernames() {
        assert!(super::valid_username("zhang.wei"));
        assert!(!super::valid_username("ab"));
        assert!(!super::valid_username("bad\u{7}name"));
        assert!(!super::valid_username("with space"));
    }
}
