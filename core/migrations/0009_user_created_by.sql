-- Four-eyes holds for people, not key records (issue 12). An admin can mint a key for a new user over
-- the API; that user is recorded as created by the admin, and four-eyes treats a user and everyone who
-- (transitively) created them as one person. Users the operator creates (CLI, seed, sign-in) have none.
ALTER TABLE users ADD COLUMN created_by uuid REFERENCES users (id);
