//! The archive's sibling links (兄弟姐妹, added for foster matching, issue 12 point 4). Read and written
//! only through `crate::archive::interface_siblings`.

// archive: sibling links (foster, issue 12)
diesel::table! {
    child_siblings (id) {
        id -> BigInt,
        child_id -> BigInt,
        sibling_id -> BigInt,
        recorded_by -> BigInt,
        recorded_at -> Timestamp,
    }
}
