//! Server-side sessions (web) and bearer tokens (API), both rows in `sessions`, both revocable at once.
//! The browser holds a random token; the database holds only its SHA-256.

use super::model::{self, User};
use crate::audit::{self, Actor, Event};
use crate::config::Settings;
use crate::db::schema::{sessions, users};
use crate::db::DbConn;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "fuyu_session";
pub const KIND_WEB: &str = "web";
pub const KIND_API: &str = "api";
/// A web session ends after this long even when used continuously.
const WEB_ABSOLUTE_HOURS: i64 = 12;

pub fn new_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The CSRF token of a web session, derived from its secret token: unguessable without the HttpOnly cookie,
/// and new whenever the session is (renewed at login).
pub fn csrf_for(token: &str) -> String {
    hex::encode(Sha256::digest(format!("fuyu-csrf:{token}").as_bytes()))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    pub user_id: crate::auth::UserId,
    pub kind: String,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Why a login was refused. The message shown never says whether the username exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginRefusal {
    BadCredentials,
    Locked { until: NaiveDateTime },
    Disabled,
}

/// Check a username and password, apply lockout, and on success open a session of `kind`.
/// Runs in one write transaction; every outcome is audited.
pub fn login(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
    username: &str,
    password: &str,
    client: &str,
    kind: &str,
) -> Result<Result<(User, String), LoginRefusal>, crate::error::AppError> {
    let user = model::by_username(conn, username)?;
    let actor = |u: Option<&User>| Actor {
        user_id: u.map(|u| u.id),
        name: u
            .map(|u| u.username.clone())
            .unwrap_or_else(|| crate::platform::safe_for_log(username)),
        client_addr: client.to_string(),
    };
    let Some(user) = user else {
        // Spend the same time as a real check so response time does not reveal which usernames exist.
        let _ = super::password::verify(password, DUMMY_HASH);
        audit::record_alone(
            conn,
            now,
            &actor(None),
            &Event::ok("login", "user", "-")
                .with_outcome("failure")
                .with_detail("unknown user"),
        )?;
        return Ok(Err(LoginRefusal::BadCredentials));
    };
    let a = actor(Some(&user));
    if !user.active {
        audit::record_alone(
            conn,
            now,
            &a,
            &Event::ok("login", "user", user.id)
                .with_outcome("denied")
                .with_detail("account disabled"),
        )?;
        return Ok(Err(LoginRefusal::Disabled));
    }
    // Count the attempt before the (slow) password check, atomically: parallel guesses each take one
    // of the `lockout_threshold` attempts, and none is checked once they are used up (issue 10 point 3).
    let Some(attempt) = claim_attempt(conn, settings, now, user.id)? else {
        let until = users::table
            .find(user.id)
            .select(users::locked_until)
            .first::<Option<NaiveDateTime>>(conn)?
            .unwrap_or(now + Duration::minutes(settings.lockout_minutes));
        audit::record_alone(
            conn,
            now,
            &a,
            &Event::ok("login", "user", user.id)
                .with_outcome("denied")
                .with_detail("account locked"),
        )?;
        return Ok(Err(LoginRefusal::Locked { until }));
    };
    let ok = super::password::verify(password, &user.password_hash)
        .map_err(crate::error::AppError::internal)?;
    crate::db::write_tx(conn, |c| {
        if !ok {
            audit::record(
                c,
                now,
                &a,
                &Event::ok("login", "user", user.id)
                    .with_outcome("failure")
                    .with_detail("wrong password"),
            )?;
            if let Some(until) = attempt.locks {
                audit::record(
                    c,
                    now,
                    &a,
                    &Event::ok("lockout", "user", user.id)
                        .with_detail(format!("locked for {} minutes", settings.lockout_minutes)),
                )?;
                return Ok(Err(LoginRefusal::Locked { until }));
            }
            return Ok(Err(LoginRefusal::BadCredentials));
        }
        // The right password ends any count and any lock this very attempt (or a parallel one) set.
        diesel::update(users::table.find(user.id))
            .set((
                users::failed_logins.eq(0),
                users::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(c)?;
        let token = new_token();
        let expires = if kind == KIND_API {
            now + Duration::hours(settings.api_token_hours)
        } else {
            now + Duration::hours(WEB_ABSOLUTE_HOURS)
        };
        diesel::insert_into(sessions::table)
            .values((
                sessions::token_hash.eq(token_hash(&token)),
                sessions::user_id.eq(user.id),
                sessions::kind.eq(kind),
                sessions::client_addr.eq(client),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(expires),
            ))
            .execute(c)?;
        audit::record(
            c,
            now,
            &a,
            &Event::ok("login", "user", user.id).with_detail(kind.to_string()),
        )?;
        Ok(Ok((user.clone(), token)))
    })
}

/// An attempt at a password check that [`claim_attempt`] granted.
struct Attempt {
    /// The attempt was the last one allowed: the account is locked until then unless it succeeds.
    locks: Option<NaiveDateTime>,
}

/// Take one of the account's allowed attempts in one write transaction, or `None` when the account
/// is locked. `failed_logins` counts the attempts checked since the last success, unlock or expired
/// lock; the increment is one `UPDATE … SET failed_logins = failed_logins + 1 WHERE failed_logins <
/// threshold`, so concurrent logins (PostgreSQL re-checks the condition after the row lock, SQLite
/// writes one at a time) can never take more than the threshold between them. The attempt that
/// reaches the threshold sets the lock at once, before its password is even checked.
fn claim_attempt(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
    id: super::UserId,
) -> QueryResult<Option<Attempt>> {
    crate::db::write_tx(conn, |c| {
        // A lock that has run out starts a fresh count (so does a count left at or above a threshold
        // that was lowered in the settings, which no lock would otherwise ever end).
        let stale = users::locked_until.le(now).or(users::locked_until
            .is_null()
            .and(users::failed_logins.ge(settings.lockout_threshold)));
        diesel::update(users::table.find(id).filter(stale))
            .set((
                users::failed_logins.eq(0),
                users::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(c)?;
        let claimed = diesel::update(
            users::table
                .find(id)
                .filter(users::locked_until.is_null())
                .filter(users::failed_logins.lt(settings.lockout_threshold)),
        )
        .set(users::failed_logins.eq(users::failed_logins + 1))
        .execute(c)?;
        if claimed == 0 {
            return Ok(None);
        }
        let n: i32 = users::table
            .find(id)
            .select(users::failed_logins)
            .first(c)?;
        if n < settings.lockout_threshold {
            return Ok(Some(Attempt { locks: None }));
        }
        let until = now + Duration::minutes(settings.lockout_minutes);
        diesel::update(users::table.find(id))
            .set(users::locked_until.eq(Some(until)))
            .execute(c)?;
        Ok(Some(Attempt { locks: Some(until) }))
    })
}

/// A fixed argon2id hash of a random string, used to equalise timing for unknown usernames.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$W4ckmMqyS0W2Uv1pW3t2lbDo9FyN8hPzAq3lb4V0hJk";

/// Look up a live session for `token`; touches `last_seen_at` (at most once a minute).
/// Idle sessions and tokens past the timeout are revoked and refused.
pub fn authenticate(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
    token: &str,
    kind: &str,
) -> QueryResult<Option<(User, i64)>> {
    let row: Option<SessionRow> = sessions::table
        .filter(sessions::token_hash.eq(token_hash(token)))
        .filter(sessions::kind.eq(kind))
        .select(SessionRow::as_select())
        // Unique token hash: at most one row, and no bound LIMIT (crate::db: re-prepared each time).
        .get_result(conn)
        .optional()?;
    let Some(s) = row else { return Ok(None) };
    if s.revoked_at.is_some() || s.expires_at <= now {
        return Ok(None);
    }
    // Web sessions and API tokens alike end after `session_idle_minutes` unused (issue 10 point 9): a
    // token left behind in a script or a copied header stops working as an idle browser does.
    if s.last_seen_at + Duration::minutes(settings.session_idle_minutes) <= now {
        diesel::update(sessions::table.find(s.id))
            .set(sessions::revoked_at.eq(Some(now)))
            .execute(conn)?;
        return Ok(None);
    }
    let Some(user) = model::by_id(conn, s.user_id)? else {
        return Ok(None);
    };
    if !user.active {
        return Ok(None);
    }
    if now - s.last_seen_at >= Duration::seconds(60) {
        diesel::update(sessions::table.find(s.id))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some((user, s.id)))
}

/// End the web session a browser still holds (its cookie's token), if any: a new login never leaves
/// the previous session valid (issue 10 point 5).
pub fn revoke_token(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::token_hash.eq(token_hash(token)))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(Some(now)))
    .execute(conn)
}

pub fn revoke(conn: &mut DbConn, session_id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(Some(now)))
    .execute(conn)
}

pub fn revoke_all_for_user(
    conn: &mut DbConn,
    user_id: super::UserId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(Some(now)))
    .execute(conn)
}
