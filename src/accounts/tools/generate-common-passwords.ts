/**
 * Generates src/accounts/common-passwords.txt, the shipped list of common and
 * breached passwords (docs/adr/0012). Offline and deterministic: the most
 * common passwords of public breach lists, words people reach for (English,
 * Spanish, and this exchange's own context), keyboard walks, and the patterns
 * people build from them (repeats, years, digit runs, leetspeak).
 *
 *   npx tsx src/accounts/tools/generate-common-passwords.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TOP = `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123 football monkey
letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321 superman 1qaz2wsx 7777777 121212 000000
qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou
2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555
11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea
biteme matthew access yankees 987654321 dallas austin thunder taylor matrix minecraft william corvette hello martin heather secret
merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange
11111 golfer cookie richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut
morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa boomer booboo
spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog qwer1234 compaq purple hardcore banana junior
hannah 123654 porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4
brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita knight fender barney midnight please brandy
chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard bigdick jasper enter rachel chris steven winner adidas
victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro
gandalf asdfasdf crystal 87654321 12344321 golf 8675309 paradise 1q2w3e zaq12wsx letmein1 password1 password123 passw0rd p@ssw0rd
admin administrator root changeme default guest login welcome1 qwerty123 iloveyou1 abc12345 aa123456 1qazxsw2 zaq1zaq1 qwertyui
asdfghjkl azerty 1q2w3e4r5t football1 baseball1 princess1 monkey1 dragon1 sunshine1 shadow1 master1 michael1 superman1 batman1
trustno1 hello123 welcome123 admin123 root123 test123 pass123 pass1234 password12 password1234 charlie1 jordan23 lovely loveme
babygirl daniel1 flower1 soccer1 anthony1 friends butterfly purple1 angel1 jesus christ jesus1 blessed blink182 linkedin
facebook myspace google yahoo hotmail outlook apple microsoft windows letmein123 starwars1 pokemon naruto spiderman ironman
hellokitty beautiful tinkerbell cheyenne mylove family summer1 autumn spring winter1 december november october september
august july june april march february january monday friday sunday`;

const SPANISH = `contraseña contrasena contraseña1 teamo tequiero tequieromucho mariposa corazon amor amorcito hola holahola bonita princesa
estrella chocolate familia futbol barcelona realmadrid américa america chivas tigres pumas cruzazul mexico colombia argentina
españa espana peru chile venezuela guatemala honduras salvador dominicana puertorico cuba dios diosesamor jesucristo bendicion
angelito carino cariño mamita papito hermosa hermoso gatito perrito conejo tesoro cielo vida mivida miamor sol luna libertad
secreto clave acceso entrar bienvenido usuario administrador contraseñasegura`;

const CONTEXT = `candor candorexchange vermont vermonthealthconnect healthconnect healthinsurance insurance healthcare obamacare
affordablecare marketplace exchange medicaid medicare drdynasaur greenmountain greenmountainstate burlington montpelier
rutland brattleboro bennington stowe lakechamplain maplesyrup benandjerrys catamount moose vermont802 802vermont`;

const PHRASES = `correcthorsebatterystaple thequickbrownfox thequickbrownfoxjumpsoverthelazydog iloveyouforever iloveyoubaby
letmeinplease passwordispassword mypassword mysecretpassword thisismypassword supersecret supersecretpassword ihatemylife
iloveyoumom iloveyoudad iloveyoutoo jesusloves jesuslovesme godisgood godisgreat godislove onelove onedirection
maythe4thbewithyou maytheforcebewithyou whatsupdoc opensesame changemenow changeme123 letmein12345 nopassword
password1234567 qwertyuiopasdfghjkl asdfghjklqwertyuiop zxcvbnmasdfghjkl helloworld hellohello goodmorning goodnight
happybirthday merrychristmas happynewyear newyork newyorkcity losangeles sanfrancisco unitedstates america1776
godblessamerica iloveamerica harrypotter lordoftherings gameofthrones starwarsfan batmanbegins darthvader skywalker
chucknorris spongebob squarepants mickeymouse donaldduck pokemongo minecraft123 fortnite callofduty playstation xbox360
nintendo supermario zeldalink`;

const KEYBOARD_WALKS = [
  'qwertyuiop',
  'asdfghjkl',
  'zxcvbnm',
  '1234567890',
  '0987654321',
  'poiuytrewq',
  'lkjhgfdsa',
  'mnbvcxz',
  '1qaz2wsx3edc4rfv',
  'qazwsxedcrfvtgb',
  'q1w2e3r4t5y6u7i8',
  '1q2w3e4r5t6y7u8i',
  'zaq12wsxcde3',
  '!qaz@wsx#edc',
  'qweasdzxc',
  'qweasd',
  '147258369',
  '159357',
  '741852963',
  '963852741',
  'abcdefghijklmnop',
  'zyxwvutsrqpon',
  'qwertyqwerty',
  'asdfasdfasdf',
  'zxczxczxc',
  'qazwsxqazwsx',
  '1qaz1qaz',
  '2wsx3edc',
  'abcd1234',
  '1234abcd',
  'aaaaaaaaaaaa',
  'abcabcabcabc',
  '121212121212',
  '123123123123',
  '112233445566',
  '111222333444',
  '123412341234',
];

const SUFFIXES = ['', '1', '12', '123', '1234', '12345', '123456'];

function words(block: string): string[] {
  return block
    .split(/\s+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
}

export function generate(): string[] {
  const list = new Set<string>();
  const bases = [...new Set([...words(TOP), ...words(SPANISH), ...words(CONTEXT)])];
  const add = (s: string) => {
    if (s.length >= 4) list.add(s);
  };
  for (const w of [...bases, ...words(PHRASES), ...KEYBOARD_WALKS]) add(w);
  for (const w of bases) {
    // Digits and symbols at the end are stripped by the check (password-rules.ts), so
    // "sunshine2024!" is caught through "sunshine"; only a few common endings are listed.
    for (const suffix of SUFFIXES) add(w + suffix);
    // Doubled and tripled words reach the minimum length without adding anything a guesser lacks.
    add(w + w);
    add(w + w + w);
    add(w + w + '123');
    add('my' + w);
    add('my' + w + '123');
    add('i love ' + w);
    add('iloveyou' + w);
  }
  for (const walk of KEYBOARD_WALKS) {
    add(walk + walk);
    for (const suffix of SUFFIXES) add(walk + suffix);
  }
  // Runs of one character, and counting up or down, at every length people type.
  for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789!*.') for (let n = 8; n <= 20; n++) add(ch.repeat(n));
  const digits = '01234567890123456789';
  for (let start = 0; start < 10; start++)
    for (let n = 8; n <= 16; n++) {
      add(digits.slice(start, start + n));
      add([...digits.slice(start, start + n)].reverse().join(''));
    }
  return [...new Set([...list].map((s) => s.replace(/\s+/g, '')))].sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'common-passwords.txt');
  const list = generate();
  fs.writeFileSync(out, `${list.join('\n')}\n`);
  process.stdout.write(`${list.length} entries written to ${path.relative(process.cwd(), out)}\n`);
}
