from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "doorstep.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        # The change record (docs/security.md): every record a person can change.
        from doorstep.accounts.audit import register_all

        register_all()
