create type public.workspace_role as enum ('owner', 'admin', 'member', 'guest');

create table public.workspaces (
    id uuid primary key default gen_random_uuid(),
    name text not null,
    slug text not null unique check (slug ~ '^[a-z0-9-]+$'),
    settings jsonb not null default '{"issuePrefix": true, "weekStartsOn": 1}'::jsonb,
    created_by uuid references public.profiles (id) on delete set null,
    created_at timestamptz not null default now()
);

create table public.workspace_members (
    workspace_id uuid not null references public.workspaces (id) on delete cascade,
    user_id uuid not null references public.profiles (id) on delete cascade,
    role public.workspace_role not null default 'member',
    joined_at timestamptz not null default now(),
    primary key (workspace_id, user_id)
);

-- used by every policy: avoids recursive RLS on workspace_members
create function public.is_workspace_member(ws uuid)
returns boolean
language sql
stable
security definer
set search_path = public
as $$
    select exists (
        select 1 from public.workspace_members m
        where m.workspace_id = ws and m.user_id = auth.uid()
    );
$$;

create function public.has_workspace_role(ws uuid, roles public.workspace_role[])
returns boolean
language sql
stable
security definer
set search_path = public
as $$
    select exists (
        select 1 from public.workspace_members m
        where m.workspace_id = ws and m.user_id = auth.uid() and m.role = any (roles)
    );
$$;

alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;

create policy "members see their workspaces" on public.workspaces
    for select to authenticated using (public.is_workspace_member(id));
create policy "owners update workspaces" on public.workspaces
    for update to authenticated using (public.has_workspace_role(id, '{owner}'));
create policy "members see co-members" on public.workspace_members
    for select to authenticated using (public.is_workspace_member(workspace_id));
create policy "admins manage members" on public.workspace_members
    for all to authenticated using (public.has_workspace_role(workspace_id, '{owner,admin}'));
