-- Case-insensitive usernames and hashtags.
create extension if not exists citext with schema extensions;
