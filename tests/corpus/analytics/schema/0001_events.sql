-- Product analytics: projects, a monthly-partitioned events table, sessions, goals.
create table public.projects (
    id uuid primary key default extensions.gen_random_uuid(),
    owner_id uuid not null references auth.users (id),
    name text not null,
    domain text not null unique,
    api_key text not null unique default encode(extensions.gen_random_bytes(16), 'hex'),
    created_at timestamptz not null default now()
);

create type public.event_type as enum ('pageview', 'click', 'signup', 'purchase', 'custom');

create table public.events (
    id bigint generated always as identity,
    project_id uuid not null references public.projects (id) on delete cascade,
    "type" public.event_type not null,
    name text not null,
    "userId" text,
    session_id uuid,
    url text,
    referrer text,
    properties jsonb not null default '{}'::jsonb,
    revenue numeric(12, 2),
    country char(2),
    created_at timestamptz not null default now(),
    primary key (id, created_at)
) partition by range (created_at);

create table public.events_2024_01 partition of public.events
    for values from ('2024-01-01') to ('2024-02-01');
create table public.events_2024_02 partition of public.events
    for values from ('2024-02-01') to ('2024-03-01');
create table public.events_2024_03 partition of public.events
    for values from ('2024-03-01') to ('2024-04-01');
create table public.events_default partition of public.events default;

create index events_project_time on public.events (project_id, created_at desc);
create index events_properties on public.events using gin (properties);

create table public.goals (
    id serial primary key,
    project_id uuid not null references public.projects (id) on delete cascade,
    name text not null,
    event_name text not null,
    target_value numeric,
    "interval" interval not null default '7 days',
    unique (project_id, name)
);

alter table public.projects enable row level security;
alter table public.events enable row level security;
create policy "Owners see projects" on public.projects for select to authenticated using (owner_id = auth.uid());
create policy "Owners see events" on public.events for select to authenticated
    using (project_id in (select id from public.projects where owner_id = auth.uid()));
create policy "Anyone can ingest" on public.events for insert to anon, authenticated with check (true);
