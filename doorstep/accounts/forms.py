from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and no autofocus.

    Autofocus would skip the skip link and the header for keyboard and screen-reader users.
    """

    error_messages = {
        "invalid_login": "The username or password is not right. Check both and try again: "
        "the password is case-sensitive.",
        "inactive": "This sign-in has been switched off. Ask a Doorstep administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.widget.attrs.pop("autofocus", None)
        username.error_messages["required"] = "Enter your username"
        username.help_text = "The username your Doorstep administrator gave you"
        password.error_messages["required"] = "Enter your password"
        username.widget.attrs.update({"spellcheck": "false", "autocapitalize": "none"})
