create table public.projects (
    id bigint generated always as identity primary key,
    workspace_id uuid not null references public.workspaces (id) on delete cascade,
    key text not null check (key ~ '^[A-Z]{2,5}$'),
    name text not null,
    description text,
    color text not null default '#6366f1',
    lead_id uuid references public.profiles (id) on delete set null,
    position integer not null default 0,
    archived_at timestamptz,
    created_at timestamptz not null default now(),
    unique (workspace_id, key)
);

alter table public.projects enable row level security;
create policy "members see projects" on public.projects
    for select to authenticated using (public.is_workspace_member(workspace_id));
create policy "members create projects" on public.projects
    for insert to authenticated with check (public.is_workspace_member(workspace_id));
create policy "members update projects" on public.projects
    for update to authenticated using (public.is_workspace_member(workspace_id));

create table public.cycles (
    id bigint generated always as identity primary key,
    project_id bigint not null references public.projects (id) on delete cascade,
    number integer not null,
    name text,
    starts_on date not null,
    ends_on date not null,
    unique (project_id, number),
    check (ends_on > starts_on)
);

alter table public.cycles enable row level security;
create policy "members see cycles" on public.cycles
    for select to authenticated using (
        exists (select 1 from public.projects p where p.id = project_id and public.is_workspace_member(p.workspace_id))
    );
