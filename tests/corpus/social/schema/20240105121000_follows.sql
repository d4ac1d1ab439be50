create table public.follows (
    follower_id uuid not null references public.profiles (id) on delete cascade,
    following_id uuid not null references public.profiles (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (follower_id, following_id),
    constraint no_self_follow check (follower_id <> following_id)
);

create index follows_following_idx on public.follows (following_id);

alter table public.follows enable row level security;

create policy "Follows are public" on public.follows
    for select using (true);
create policy "Users follow as themselves" on public.follows
    for insert with check ((select auth.uid()) = follower_id);
create policy "Users unfollow as themselves" on public.follows
    for delete using ((select auth.uid()) = follower_id);

create table public.blocks (
    blocker_id uuid not null references public.profiles (id) on delete cascade,
    blocked_id uuid not null references public.profiles (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (blocker_id, blocked_id)
);

alter table public.blocks enable row level security;
create policy "Users manage their blocks" on public.blocks
    for all using ((select auth.uid()) = blocker_id);
