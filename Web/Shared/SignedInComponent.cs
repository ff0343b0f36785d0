using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Web.Accounts;

namespace Web.Shared;

// A page for a signed-in user: the user from the auth cookie, and the Api client that acts for them.
public abstract class SignedInComponent : ComponentBase
{
    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    protected async Task<SignedInUser?> CurrentUserAsync() =>
        AuthenticationState is null ? null : SignedInUser.From((await AuthenticationState).User);
}
