create type public.notification_type as enum ('like', 'comment', 'follow', 'mention', 'reply');

create table public.notifications (
    id bigint generated always as identity primary key,
    recipient_id uuid not null references public.profiles (id) on delete cascade,
    actor_id uuid references public.profiles (id) on delete set null,
    type public.notification_type not null,
    post_id bigint references public.posts (id) on delete cascade,
    comment_id bigint references public.comments (id) on delete cascade,
    data jsonb not null default '{}'::jsonb,
    read_at timestamptz,
    created_at timestamptz not null default now()
);

create index notifications_recipient_idx on public.notifications (recipient_id, created_at desc);

alter table public.notifications enable row level security;
create policy "Users see their notifications" on public.notifications
    for select using ((select auth.uid()) = recipient_id);
create policy "Users mark their notifications" on public.notifications
    for update using ((select auth.uid()) = recipient_id);

create or replace function public.mark_all_notifications_read()
returns void
language sql
security definer set search_path = ''
as $$
  update public.notifications set read_at = now()
  where recipient_id = auth.uid() and read_at is null;
$$;

create or replace function public.unread_notification_count()
returns integer
language sql
stable
security definer set search_path = ''
as $$
  select count(*)::integer from public.notifications
  where recipient_id = auth.uid() and read_at is null;
$$;
