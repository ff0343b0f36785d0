namespace Links;

// Told of every link change LinkStore commits, right after the commit. The Api's redirect cache is one:
// the link store emits the change, the cache side applies it.
public interface ILinkChangeHandler
{
    Task OnCommittedAsync(LinkChange change, CancellationToken cancellationToken);
}
