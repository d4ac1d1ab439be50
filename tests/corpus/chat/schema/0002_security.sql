-- Authorization helper, RLS, realtime-ish bookkeeping trigger.
create function public.authorize(requested_permission app_permission, user_id uuid)
returns boolean
language plpgsql security definer stable
as $$
declare
    bind_permissions int;
begin
    select count(*) from public.role_permissions
    inner join public.user_roles on role_permissions.role = user_roles.role
    where role_permissions.permission = authorize.requested_permission
      and user_roles.user_id = authorize.user_id
    into bind_permissions;
    return bind_permissions > 0;
end;
$$;

alter table public.users enable row level security;
alter table public.channels enable row level security;
alter table public.messages enable row level security;
alter table public.channel_members enable row level security;

create policy "Allow logged-in read access" on public.users for select using (auth.role() = 'authenticated');
create policy "Allow individual insert access" on public.users for insert with check (auth.uid() = id);
create policy "Allow individual update access" on public.users for update using (auth.uid() = id);
create policy "Allow logged-in read access" on public.channels for select using (auth.role() = 'authenticated');
create policy "Allow individual insert access" on public.channels for insert with check (auth.uid() = created_by);
create policy "Allow individual delete access" on public.channels for delete
    using (auth.uid() = created_by or authorize('channels.delete', auth.uid()));
create policy "Members read messages" on public.messages for select using (
    exists (select 1 from public.channel_members m where m.channel_id = messages.channel_id and m.user_id = auth.uid())
);
create policy "Allow individual insert access" on public.messages for insert with check (auth.uid() = user_id);
create policy "Allow individual update access" on public.messages for update using (auth.uid() = user_id);
create policy "Allow individual delete access" on public.messages for delete
    using (auth.uid() = user_id or authorize('messages.delete', auth.uid()));
create policy "Members see members" on public.channel_members for select using (true);

create function public.touch_last_read() returns trigger
language plpgsql
as $$
begin
    update public.channel_members set last_read_at = new.inserted_at
    where channel_id = new.channel_id and user_id = new.user_id;
    return new;
end;
$$;

create trigger messages_touch_last_read
    after insert on public.messages
    for each row execute function public.touch_last_read();
