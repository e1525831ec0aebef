"""The scrutiny panel's recurring work, run by ``doorstep run-scheduled`` (docs/tasks.md)."""

from doorstep.ops.schedule import recurring


@recurring("scrutiny reminders",
           description="Scrutiny answers due within 5 working days or late, and actions done")
def scrutiny_reminders(*, today):
    from doorstep.scrutiny.services import send_reminders

    sent = send_reminders(today=today)
    return f"{sent:,} scrutiny {'notification' if sent == 1 else 'notifications'} sent"
