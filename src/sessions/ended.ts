export async function hookMain(_argv: string[]): Promise<void> {}
