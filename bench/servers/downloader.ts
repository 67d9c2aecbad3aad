// Asks a Stip server for many downloads at once, in a process of its own: the people who
// download are on other machines, so receiving their files must not slow the bench process,
// which times another room. Usage: tsx downloader.ts <base url> <canvas id> <token> <paths...>
// Prints one JSON line: each request's "<kind> <status>", in order.
export {};
const [base, id, token, ...paths] = process.argv.slice(2);
if (!base || !id || !token || paths.length === 0) throw new Error('usage: downloader.ts <base> <id> <token> <paths...>');

const outcomes = await Promise.all(
  paths.map(async (path) => {
    const response = await fetch(`${base}/api/canvases/${id}/${path}`, { headers: { authorization: `Bearer ${token}` } });
    // Read to the end, as a browser saving the file would, without keeping it.
    const reader = response.body?.getReader();
    if (reader) for (let read = await reader.read(); !read.done; read = await reader.read());
    return `${path === 'pdf' ? 'pdf' : 'export'} ${response.status}`;
  }),
);
console.log(JSON.stringify(outcomes));
