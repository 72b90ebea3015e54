// Reading a question aloud with the browser's speech synthesis, where the browser has it.

export function canSpeak(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';
}

export function speak(text: string): void {
  if (!canSpeak()) return;
  window.speechSynthesis.cancel(); // one question at a time
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = document.documentElement.lang || 'en';
  window.speechSynthesis.speak(utterance);
}

export function stopSpeaking(): void {
  if (canSpeak()) window.speechSynthesis.cancel();
}
