-- Time tracking, partitioned by month.
create table public.time_entries (
    id bigint generated always as identity,
    issue_id bigint not null references public.issues (id) on delete cascade,
    user_id uuid not null references public.profiles (id),
    started_at timestamptz not null,
    minutes integer not null check (minutes > 0),
    note text,
    billable boolean not null default true,
    primary key (id, started_at)
) partition by range (started_at);

create table public.time_entries_2024_02 partition of public.time_entries
    for values from ('2024-02-01') to ('2024-03-01');
create table public.time_entries_2024_03 partition of public.time_entries
    for values from ('2024-03-01') to ('2024-04-01');
create table public.time_entries_2024_04 partition of public.time_entries
    for values from ('2024-04-01') to ('2024-05-01');

alter table public.time_entries enable row level security;
create policy "users log their own time" on public.time_entries
    for all to authenticated using (user_id = auth.uid()) with check (user_id = auth.uid());
