create table public.labels (
    id bigint generated always as identity primary key,
    workspace_id uuid not null references public.workspaces (id) on delete cascade,
    name text not null,
    color text not null,
    unique (workspace_id, name)
);

create table public.issue_labels (
    issue_id bigint not null references public.issues (id) on delete cascade,
    label_id bigint not null references public.labels (id) on delete cascade,
    primary key (issue_id, label_id)
);

create table public.comments (
    id bigint generated always as identity primary key,
    issue_id bigint not null references public.issues (id) on delete cascade,
    author_id uuid not null references public.profiles (id),
    body text not null,
    reactions jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    edited_at timestamptz
);

alter table public.labels enable row level security;
alter table public.issue_labels enable row level security;
alter table public.comments enable row level security;
create policy "members read labels" on public.labels
    for select to authenticated using (public.is_workspace_member(workspace_id));
create policy "members read issue labels" on public.issue_labels
    for select to authenticated using (true);
create policy "members read comments" on public.comments
    for select to authenticated using (true);
create policy "authors write comments" on public.comments
    for insert to authenticated with check (author_id = auth.uid());
