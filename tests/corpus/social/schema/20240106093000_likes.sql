create table public.likes (
    user_id uuid not null references public.profiles (id) on delete cascade,
    post_id bigint not null references public.posts (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, post_id)
);

create index likes_post_idx on public.likes (post_id);

alter table public.likes enable row level security;
create policy "Likes are public" on public.likes for select using (true);
create policy "Users like as themselves" on public.likes
    for insert with check ((select auth.uid()) = user_id);
create policy "Users unlike as themselves" on public.likes
    for delete using ((select auth.uid()) = user_id);

-- keep posts.like_count in step
create or replace function public.sync_like_count()
returns trigger
language plpgsql
security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    update public.posts set like_count = like_count + 1 where id = new.post_id;
    return new;
  else
    update public.posts set like_count = like_count - 1 where id = old.post_id;
    return old;
  end if;
end;
$$;

create trigger likes_sync_count
    after insert or delete on public.likes
    for each row execute function public.sync_like_count();

-- like or unlike the post for the signed-in user; true when the post is now liked
create or replace function public.toggle_like(p_post_id bigint)
returns boolean
language plpgsql
security definer set search_path = ''
as $$
declare
  uid uuid := auth.uid();
begin
  if exists (select 1 from public.likes where user_id = uid and post_id = p_post_id) then
    delete from public.likes where user_id = uid and post_id = p_post_id;
    return false;
  end if;
  insert into public.likes (user_id, post_id) values (uid, p_post_id);
  return true;
end;
$$;
