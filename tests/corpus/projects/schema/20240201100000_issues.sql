create type public.issue_status as enum ('backlog', 'todo', 'in_progress', 'in_review', 'done', 'canceled');
create type public.issue_priority as enum ('none', 'urgent', 'high', 'medium', 'low');
create type public.issue_type as enum ('bug', 'feature', 'task', 'chore');

create table public.issues (
    id bigint generated always as identity primary key,
    project_id bigint not null references public.projects (id) on delete cascade,
    number integer not null,
    title text not null check (char_length(title) between 1 and 255),
    description text,
    type public.issue_type not null default 'task',
    status public.issue_status not null default 'backlog',
    priority public.issue_priority not null default 'none',
    estimate smallint check (estimate in (1, 2, 3, 5, 8, 13)),
    assignee_id uuid references public.profiles (id) on delete set null,
    creator_id uuid not null references public.profiles (id),
    cycle_id bigint references public.cycles (id) on delete set null,
    parent_id bigint references public.issues (id) on delete cascade,
    due_date date,
    "sortOrder" double precision not null default 0,
    metadata jsonb not null default '{}'::jsonb,
    is_open boolean generated always as (status not in ('done', 'canceled')) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    completed_at timestamptz,
    unique (project_id, number)
);

create index issues_project_status_idx on public.issues (project_id, status);
create index issues_assignee_idx on public.issues (assignee_id) where is_open;

alter table public.issues enable row level security;
create policy "members read issues" on public.issues
    for select to authenticated using (
        exists (select 1 from public.projects p where p.id = project_id and public.is_workspace_member(p.workspace_id))
    );
create policy "members write issues" on public.issues
    for all to authenticated using (
        exists (select 1 from public.projects p where p.id = project_id and public.is_workspace_member(p.workspace_id))
    );

-- number issues per project (ENG-1, ENG-2, ...) and stamp completion
create function public.issues_before_write()
returns trigger
language plpgsql
as $$
begin
    if tg_op = 'INSERT' and (new.number is null or new.number = 0) then
        select coalesce(max(number), 0) + 1 into new.number
        from public.issues where project_id = new.project_id;
    end if;
    if new.status = 'done' and (tg_op = 'INSERT' or old.status <> 'done') then
        new.completed_at := now();
    elsif new.status <> 'done' then
        new.completed_at := null;
    end if;
    return new;
end;
$$;

create trigger issues_before_write
    before insert or update on public.issues
    for each row execute function public.issues_before_write();

create trigger issues_touch_updated_at
    before update on public.issues
    for each row execute function public.touch_updated_at();
