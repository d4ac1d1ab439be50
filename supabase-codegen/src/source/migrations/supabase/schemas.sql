-- Supabase's own schemas, as far as user migrations reference them: a model of the objects a
-- Supabase project has before its first migration runs, so that `references auth.users`,
-- `auth.uid()` in a default or view, `storage.foldername(name)` in a policy, or a view over
-- `storage.objects` resolve without a stand-in.
--
-- Mirrors (column lists, keys, function signatures read from each server's own migrations):
--   auth      supabase/auth     v2.196.0  (users, identities, sessions, aal_level;
--                                          uid(), role(), email(), jwt())
--   storage   supabase/storage  v1.70.6   (buckets, objects, buckettype;
--                                          foldername(), filename(), extension())
--   realtime  supabase/realtime v2.129.8  (messages; topic(), send())
--   extensions                             (the schema Supabase installs extensions into)
--
-- Only the listed objects are modeled; check constraints, indexes, triggers, grants and
-- policies are left out, and so is sessions.oauth_client_id's foreign key (to
-- auth.oauth_clients, not modeled). Function bodies here are written for this file; only
-- their signatures matter to the model.
--
-- This file is valid PostgreSQL 15 (tests load it into a database and compare). It is read
-- before the user's migrations; a user's own CREATE of one of these objects replaces it.

create schema if not exists auth;
create schema if not exists storage;
create schema if not exists realtime;
create schema if not exists extensions;

create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');

create table auth.users (
    instance_id uuid,
    id uuid not null,
    aud character varying(255),
    role character varying(255),
    email character varying(255),
    encrypted_password character varying(255),
    email_confirmed_at timestamp with time zone,
    invited_at timestamp with time zone,
    confirmation_token character varying(255),
    confirmation_sent_at timestamp with time zone,
    recovery_token character varying(255),
    recovery_sent_at timestamp with time zone,
    email_change_token_new character varying(255),
    email_change character varying(255),
    email_change_sent_at timestamp with time zone,
    last_sign_in_at timestamp with time zone,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    phone text default null::character varying,
    phone_confirmed_at timestamp with time zone,
    phone_change text default ''::character varying,
    phone_change_token character varying(255) default ''::character varying,
    phone_change_sent_at timestamp with time zone,
    confirmed_at timestamp with time zone
        generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
    email_change_token_current character varying(255) default ''::character varying,
    email_change_confirm_status smallint default 0,
    banned_until timestamp with time zone,
    reauthentication_token character varying(255) default ''::character varying,
    reauthentication_sent_at timestamp with time zone,
    is_sso_user boolean default false not null,
    deleted_at timestamp with time zone,
    is_anonymous boolean default false not null,
    constraint users_pkey primary key (id),
    constraint users_phone_key unique (phone)
);
comment on table auth.users is 'Auth: Stores user login data within a secure schema.';
alter table auth.users enable row level security;

create table auth.identities (
    provider_id text not null,
    user_id uuid not null,
    identity_data jsonb not null,
    provider text not null,
    last_sign_in_at timestamp with time zone,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    email text generated always as (lower((identity_data ->> 'email'::text))) stored,
    id uuid default gen_random_uuid() not null,
    constraint identities_pkey primary key (id),
    constraint identities_provider_id_provider_unique unique (provider_id, provider),
    constraint identities_user_id_fkey foreign key (user_id)
        references auth.users (id) on delete cascade
);
comment on table auth.identities is 'Auth: Stores identities associated to a user.';
alter table auth.identities enable row level security;

create table auth.sessions (
    id uuid not null,
    user_id uuid not null,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    factor_id uuid,
    aal auth.aal_level,
    not_after timestamp with time zone,
    refreshed_at timestamp without time zone,
    user_agent text,
    ip inet,
    tag text,
    oauth_client_id uuid,
    refresh_token_hmac_key text,
    refresh_token_counter bigint,
    scopes text,
    constraint sessions_pkey primary key (id),
    constraint sessions_user_id_fkey foreign key (user_id)
        references auth.users (id) on delete cascade
);
comment on table auth.sessions is 'Auth: Stores session data associated to a user.';
alter table auth.sessions enable row level security;

-- The caller's claims, as PostgREST sets them for the request.
create function auth.uid() returns uuid
    language sql stable
    as $$ select (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid $$;

create function auth.role() returns text
    language sql stable
    as $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role' $$;

create function auth.email() returns text
    language sql stable
    as $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email' $$;

create function auth.jwt() returns jsonb
    language sql stable
    as $$ select nullif(current_setting('request.jwt.claims', true), '')::jsonb $$;

create type storage.buckettype as enum ('STANDARD', 'ANALYTICS', 'VECTOR');

create table storage.buckets (
    id text not null,
    name text not null,
    owner uuid,
    created_at timestamp with time zone default now(),
    updated_at timestamp with time zone default now(),
    public boolean default false,
    avif_autodetection boolean default false,
    file_size_limit bigint,
    allowed_mime_types text[],
    owner_id text,
    type storage.buckettype default 'STANDARD'::storage.buckettype not null,
    versioning_status text default 'DISABLED'::text not null,
    constraint buckets_pkey primary key (id)
);
alter table storage.buckets enable row level security;

create table storage.objects (
    id uuid default gen_random_uuid() not null,
    bucket_id text,
    name text,
    owner uuid,
    created_at timestamp with time zone default now(),
    updated_at timestamp with time zone default now(),
    last_accessed_at timestamp with time zone default now(),
    metadata jsonb,
    path_tokens text[] generated always as (string_to_array(name, '/'::text)) stored,
    version text,
    owner_id text,
    user_metadata jsonb,
    archived_at timestamp with time zone,
    is_delete_marker boolean default false not null,
    is_versioned boolean default false not null,
    constraint objects_pkey primary key (id),
    constraint "objects_bucketId_fkey" foreign key (bucket_id) references storage.buckets (id)
);
alter table storage.objects enable row level security;

-- Path helpers used in storage policies: `storage.foldername(name)` is every segment but the
-- last, `filename` the last, `extension` what follows the last dot of the last.
create function storage.foldername(name text) returns text[]
    language plpgsql immutable
    as $$
declare
    segments text[] := string_to_array(name, '/');
begin
    return segments[1:array_length(segments, 1) - 1];
end
$$;

create function storage.filename(name text) returns text
    language plpgsql immutable
    as $$
declare
    segments text[] := string_to_array(name, '/');
begin
    return segments[array_length(segments, 1)];
end
$$;

create function storage.extension(name text) returns text
    language plpgsql immutable
    as $$
declare
    segments text[] := string_to_array(name, '/');
begin
    return reverse(split_part(reverse(segments[array_length(segments, 1)]), '.', 1));
end
$$;

create table realtime.messages (
    topic text not null,
    extension text not null,
    payload jsonb,
    event text,
    private boolean default false,
    updated_at timestamp without time zone default now() not null,
    inserted_at timestamp without time zone default now() not null,
    id uuid default gen_random_uuid() not null,
    constraint messages_pkey primary key (id, inserted_at)
) partition by range (inserted_at);
alter table realtime.messages enable row level security;

-- The topic of the channel a Realtime authorization policy is checked for.
create function realtime.topic() returns text
    language sql stable
    as $$ select nullif(current_setting('realtime.topic', true), '')::text $$;

create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
    returns void
    language sql
    as $$
        insert into realtime.messages (payload, event, topic, private, extension)
        values (payload, event, topic, private, 'broadcast')
    $$;
