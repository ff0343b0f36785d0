// Starts Blazor. The live panel's WebSocket connects without SignalR's negotiate request: behind a
// round-robin balancer that request and the socket could reach different Web replicas.
Blazor.start({
    circuit: {
        configureSignalR: builder => builder.withUrl('_blazor', { skipNegotiation: true, transport: 1 /* WebSockets */ }),
    },
});

// When the replica holding the live panel's circuit is gone, reconnecting reaches another replica,
// which does not know that circuit: load the page again there instead of showing a dead panel.
document.getElementById('components-reconnect-modal')?.addEventListener('components-reconnect-state-changed', event => {
    const state = event.detail?.state;
    if (state === 'rejected' || state === 'failed') {
        location.reload();
    }
});

// Copy buttons: <button data-copy="text">. Works on statically rendered pages, no circuit needed.
document.addEventListener('click', async event => {
    const button = event.target.closest?.('button[data-copy]');
    if (!button) {
        return;
    }
    try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.dataset.copied = 'true';
        button.textContent = 'Copied';
    } catch {
        button.textContent = 'Copy failed: select the link and copy it';
    }
});

// Tells the server the reader's time zone, so pages show times in it (Web/Shared/ReaderTimeZone.cs); until then, UTC.
(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && !document.cookie.split('; ').includes('tz=' + encodeURIComponent(zone))) {
        document.cookie = `tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${location.protocol === 'https:' ? '; secure' : ''}`;
    }
})();
