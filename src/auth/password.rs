//! Password hashing with argon2id (PHC string format).

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default() // argon2id, v19, OWASP-recommended defaults
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// True when `password` matches `stored`. A malformed stored hash is an error, never a silent "no match"
/// that would lock everyone out without a trace.
pub fn verify(password: &str, stored: &str) -> Result<bool, String> {
    let parsed =
        PasswordHash::new(stored).map_err(|e| format!("stored password hash unreadable: {e}"))?;
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// Minimum rules for a new password.
pub fn check_strength(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < 10 {
        return Err("err.password_short");
    }
    if password.chars().count() > 200 {
        return Err("err.too_long");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_and_verify() {
        let h = super::hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("correct horse battery", &h).unwrap());
        assert!(!super::verify("wrong", &h).unwrap());
        assert!(super::verify("x", "not-a-hash").is_err());
    }
}
