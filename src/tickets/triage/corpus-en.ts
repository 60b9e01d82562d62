import { mail, type LabelledMail } from './labelled-mail.ts';

/** English mails, written for the corpus; the labelling policy is in corpus.ts. */
export const englishCorpus: LabelledMail[] = [
  // security
  mail('security', 'urgent', 'My account was hacked', `Hi,
Someone logged into my account last night and withdrew all my USDT. I did not do this. Please freeze my account now!!
My email is the one I am writing from.`),
  mail('security', 'urgent', 'URGENT - funds gone', `I just opened the app and my balance is 0. There were 2.3 ETH and about 1500 USDT yesterday. I never sent anything. What happened???`),
  mail('security', 'urgent', 'unauthorized withdrawal', `There is a withdrawal of 0.42 BTC from my wallet at 03:12 today that I did not make. The destination address is bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh, I have never seen it. Please help me stop it.`),
  mail('security', 'urgent', 'help', `someone changed my email and password, i cant get in anymore and i think they are taking my coins. please do something fast`),
  mail('security', 'urgent', 'Gave my seed phrase to "support" on Telegram', `I was chatting with someone who said he was from your support team on Telegram. He asked me to verify my wallet and I typed my 12 words into a form he sent. Now I realise it was probably a scam. My wallet still shows my funds, what should I do right now?`),
  mail('security', 'high', 'Login from a country I have never been to', `Hello, I got an email saying there was a new login to my account from Lagos, Nigeria. That was not me, I live in Berlin. I have changed my password already. Nothing seems to be missing but I am worried. Can you check?`),
  mail('security', 'high', 'strange login alert', `Got a login alert at 2am from a device called "SM-A515F". I don't own a Samsung. Is someone in my account?`),
  mail('security', 'high', 'Lost my phone with Google Authenticator', `My phone was stolen on the train yesterday and Google Authenticator was on it. Now I can't pass the 2FA step when signing in. How do I reset the 2FA? I still know my password.`),
  mail('security', 'high', '2FA codes not accepted', `Hi team, since this morning my authenticator codes are always "invalid". I tried syncing the time on my phone. I can't log in at all. Please help.`),
  mail('security', 'normal', 'Is this email from you?', `I received the attached email saying my wallet will be suspended unless I verify my recovery phrase via a link. The sender is walletdesk-support@gmail.com. It looks fake to me but I want to be sure. I did not click anything.`),
  mail('security', 'normal', 'phishing site', `FYI there is a site walletdessk.com (double s) that copies your login page exactly. It was advertised on Google. You should get it taken down.`),
  mail('security', 'low', 'how do i enable 2fa', `Hello, how can I turn on two-factor authentication for my account? Is SMS or an authenticator app better? Thanks`),
  mail('security', 'low', 'Question about account security', `What do you recommend to keep my wallet secure? I use the same password on a few sites, is that a problem? Also should I avoid public wifi when using the app?`),
  mail('security', 'low', 'Anti-phishing code', `Where do I set the anti-phishing phrase that appears in your emails? I can't find it in the settings menu.`),
  mail('security', 'urgent', 'Re: Your withdrawal request has been processed', `THIS WAS NOT ME. I did not request any withdrawal. Who approved this?? Please cancel it and lock my account.

On Tue, Mar 12, 2024 at 4:31 AM Wallet Notifications <noreply@walletdesk.local> wrote:
> Your withdrawal of 1,200 USDT (TRC20) to TXq8...9kd has been processed.
> If you did not make this request, contact support immediately.`),
  mail('security', 'high', 'Password reset email I did not ask for', `Hi, I received 3 password reset emails in the last hour and I didn't request any of them. Is someone trying to get into my account? I have not lost anything yet.`),
  mail('security', 'low', 'want to change my 2FA to a new phone', `I bought a new phone and want to move my authenticator over. The old phone still works. What is the safe way to do this without getting locked out?`),
  mail('security', 'urgent', 'drained wallet', `My wallet was drained an hour ago. All the SOL and USDC are gone, sent to an address I don't know. I think the browser extension I installed was malicious. Please trace it and freeze whatever you can.`),
  mail('security', 'normal', 'Someone called me pretending to be you', `A man called me today saying he is from your security department and that my account has "abnormal activity". He wanted me to read him the code I would receive by SMS. I hung up. Just letting you know, and is there anything I should do?`),
  mail('security', 'high', 'I may have entered my password on a fake site', `I clicked a link in an email that looked like yours and typed my login and password before I noticed the address was wrong. I changed the password straight away. Nothing is missing but please check my account for anything strange.`),
  mail('security', 'low', 'Is my account not hacked?', `Hello, my account is fine and nothing was stolen, I just want to know how often I should review my login activity and where I can see it. Thanks!`),
  mail('security', 'normal', 'disable SMS 2FA', `I'd like to switch from SMS verification to Google Authenticator because I travel a lot and SMS doesn't always arrive abroad. Please advise the steps.`),

  // account
  mail('account', 'high', "can't log in", `Hi, I cannot log in to my account. It keeps saying "incorrect password" but I am sure it's right. I reset it twice and still the same. I need to access my funds today.`),
  mail('account', 'normal', 'Forgot password', `I forgot my password, and the reset link in the email says expired every time I click it. Can you send a new one?`),
  mail('account', 'normal', 'verification code never arrives', `I am trying to sign up but the email verification code never arrives. I checked spam. I tried 5 times.`),
  mail('account', 'high', 'Locked out after too many attempts', `My account got locked after I typed the wrong password a few times. It says try again later but it's been 24 hours and I still can't get in.`),
  mail('account', 'low', 'how to delete account', `How do I close my account? I don't use it anymore. My balance is zero.`),
  mail('account', 'normal', 'Please close my account', `Please delete my account and all my data. I have withdrawn everything. Registered email is the one I'm writing from.`),
  mail('account', 'low', 'Two accounts', `Can I have two accounts with the same email? I want one for business. Just asking before I try.`),
  mail('account', 'normal', 'Registration error', `When I press "create account" the page shows error 500. Tried Chrome and Firefox. Screenshots attached.`),
  mail('account', 'high', 'account access', `Hello. Since your update yesterday I cant sign in on the app, it just spins and goes back to the login screen. Web login does not work either. I have a pending trade I need to close.`),
  mail('account', 'low', 'username', `Hi, is my username visible to other users when I send them crypto? I'd rather it wasn't.`),
  mail('account', 'normal', 'login code goes to old email', `The login code is sent to an email I still have but rarely use, can it be sent by SMS instead? It's annoying to check that mailbox every time.`),
  mail('account', 'normal', 'wrong password message but I can log in on web', `Weird issue: the app says wrong password but the website accepts the same password. I can use the web for now. Phone is iPhone 13, latest app version.`),

  // transaction
  mail('transaction', 'high', 'Withdrawal not received', `Hello, I withdrew 500 USDT to my Binance account via TRC20 on 5 March around 14:00. Your app shows "completed" but Binance has not received it. TxID: 8f1c3e0a9b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e`),
  mail('transaction', 'high', 'deposit missing', `I deposited 0.15 ETH two days ago from Metamask. Etherscan shows success with 300+ confirmations but my balance here didnt change. Please credit it.`),
  mail('transaction', 'high', 'Withdrawl stuck on pending', `my withdrawl has been pending for 9 hours now. 2000 usdt erc20. usually it takes 10 minutes. whats going on??`),
  mail('transaction', 'high', 'Sent USDT on the wrong network', `I made a mistake and sent 300 USDT via BEP20 to my deposit address here, which is an ERC20 address. Can you recover it? I know it's my fault. The hash is 0x5e3c1a2b9d8f7e6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a`),
  mail('transaction', 'normal', 'Transaction failed', `I tried to send 0.01 BTC to my friend and it said "transaction failed". The BTC is still in my wallet. Why did it fail? Should I try again?`),
  mail('transaction', 'high', 'forgot memo', `I sent 120 XRP to your deposit address but forgot to put the destination tag. The coins left my Ledger. How do I get them credited?`),
  mail('transaction', 'normal', 'Swap failed twice', `I tried swapping ETH to USDC twice and both times I get "swap failed, please try again". Nothing was deducted as far as I can see.`),
  mail('transaction', 'low', 'How long do withdrawals take?', `Just a quick question, how long does a BTC withdrawal normally take to arrive? I'm planning to move some funds next week.`),
  mail('transaction', 'high', 'where is my money', `I sent 1000 usdt from my exchange to this wallet 6 hours ago. The exchange says its done. My wallet shows nothing. I need this money for rent!!!`),
  mail('transaction', 'normal', 'Transaction shows twice in history', `In my transaction history the same deposit of 50 USDT appears twice, but my balance only increased by 50. Which is right? It's confusing.`),
  mail('transaction', 'low', 'Which networks do you support for USDT?', `Do you support USDT on Solana or only ERC20 and TRC20? I want to deposit from Phantom.`),
  mail('transaction', 'high', 'Sent to wrong address', `Hi, I copy-pasted an old address by accident and sent 0.3 ETH to it. It is an address from an exchange I closed. Is there anything you can do? I sent it from my account here at 10:45 this morning.`),
  mail('transaction', 'normal', 'cancel a withdrawal', `I submitted a withdrawal 5 minutes ago for 80 USDT but typed the amount wrong, can I cancel it before it goes out?`),
  mail('transaction', 'high', 'Re: Re: [WD-10234] deposit not credited', `It is now 3 days and still not credited. You said 24 hours. I've sent you the tx hash twice already.

On Mon, 4 Mar 2024 10:01, Support <support@walletdesk.local> wrote:
> Thanks for the details, we are checking with the network team and will update you within 24 hours.
>
> On Sun, 3 Mar 2024, Dave wrote:
>> my deposit of 2 ETH is missing`),
  mail('transaction', 'normal', 'Transaction history export', `I need my full transaction history for 2023 for my tax accountant. The CSV export only gives 100 rows. How do I get everything?`),
  mail('transaction', 'high', 'Withdrawal completed but not in my bank', `I cashed out 1,500 EUR worth of USDC on Friday. It says completed, but there is nothing in my bank account on Tuesday. Reference number WD-88231.`),
  mail('transaction', 'normal', 'wrong amount received', `I received 95 USDT instead of 100 USDT from my friend. Where did the 5 go? He says he sent 100.`),

  // fees
  mail('fees', 'normal', 'Why so high fee???', `I withdrew 50 USDT and you charged me 25 USDT fee!!! That's half! This is ridiculous, on other wallets it's 1 USDT. Explain please.`),
  mail('fees', 'low', 'Fee schedule', `Where can I see your fee schedule? I want to compare the cost of withdrawing BTC vs ETH.`),
  mail('fees', 'low', 'gas fee question', `What determines the gas fee shown when I send ETH? Sometimes it's $2 and sometimes $15.`),
  mail('fees', 'normal', 'charged twice', `I was charged the network fee twice for a single withdrawal on March 3. Please refund one of them. Screenshot attached.`),
  mail('fees', 'low', 'promotion', `I saw on Twitter there is a zero fee promotion for USDT transfers this month. Does it apply to TRC20 too? And until when?`),
  mail('fees', 'normal', 'Fee was not shown before confirming', `When I swapped BNB to USDT the fee wasn't shown on the confirmation screen, and afterwards I saw 3% was taken. That should be displayed before I confirm. I want the difference back.`),
  mail('fees', 'low', 'Do you charge for deposits?', `Hello, is there a fee for depositing crypto into the wallet? Thanks in advance.`),
  mail('fees', 'normal', 'Promo didnt apply', `Your promotion said no withdrawal fees for new users in the first 30 days. I signed up 10 days ago and I was still charged 1 USDT fee on my withdrawal. Please refund.`),
  mail('fees', 'low', 'trading fee tiers', `Are there lower trading fees for higher volume, like VIP levels? I trade around 50k a month.`),
  mail('fees', 'normal', 'failed tx but fee taken', `My ETH withdrawal failed but the gas fee of 0.004 ETH was still deducted. Can you give the fee back since the transaction didn't go through?`),

  // personal info
  mail('personal_info', 'normal', 'change phone number', `Hi, I have a new phone number and need to update it on my account. The old number is no longer active so I can't receive the code on it.`),
  mail('personal_info', 'low', 'How to change email', `How do I change the email address on my account? I want to use my work email instead.`),
  mail('personal_info', 'normal', 'My name is spelled wrong', `My surname is spelled "Muller" on my account but it should be "Müller" like in my passport. Can you correct it?`),
  mail('personal_info', 'normal', 'Update ID document', `My passport expired and I have a new one. How do I update the ID document on my account? Can I just send a photo to this email?`),
  mail('personal_info', 'normal', 'Cannot change email in settings', `When I try to change my email in Account settings > Personal information, I get "operation failed". Tried several times since yesterday.`),
  mail('personal_info', 'high', 'lost access to email and phone', `I changed my phone number last year and the old one is gone, and my old email provider closed my mailbox. Now I can't receive any codes so I can't log in. How can I prove it's me and update both?`),
  mail('personal_info', 'low', 'Update my address', `I moved to a new apartment. Do I need to update my home address in my profile? Where do I do that?`),
  mail('personal_info', 'normal', 'date of birth wrong', `During registration I entered my birthday wrong (1991 instead of 1990). Please fix it.`),
  mail('personal_info', 'normal', 'remove old phone', `please unbind my old phone number from the account, I only want to use email codes from now on`),

  // restriction
  mail('restriction', 'high', 'Account restricted', `My account has been restricted and I can't withdraw. The app says "contact support". I haven't done anything wrong. Please lift it, I have 3000 USDT there.`),
  mail('restriction', 'high', 'Why is my account frozen?', `I logged in today and saw my account is frozen. No email, no explanation. What do I need to send you to unfreeze it?`),
  mail('restriction', 'normal', 'KYC pending for a week', `I submitted my identity verification documents a week ago and it still says "under review". How much longer?`),
  mail('restriction', 'high', 'withdrawals disabled', `Withdrawals are disabled on my account since yesterday. Deposits still work. Is this a system issue or something with my account? I need to withdraw urgently.`),
  mail('restriction', 'normal', 'KYC rejected', `My verification was rejected with reason "document unclear". I uploaded a clear photo. What exactly is wrong?`),
  mail('restriction', 'high', 'Appeal: account suspended', `I'd like to appeal the suspension of my account. I believe it was flagged because I logged in from a VPN while travelling. I can provide any documents you need.`),
  mail('restriction', 'low', 'Do I need KYC?', `Do I need to complete KYC to use the wallet, or only to withdraw above a limit? What's the limit without verification?`),
  mail('restriction', 'normal', 'increase withdrawal limit', `My daily withdrawal limit is 2,000 USDT. I need to move 10,000 next week. How can I get the limit raised? I'm fully verified.`),
  mail('restriction', 'high', 'account locked for security reasons', `Got a message "your account has been locked for security reasons, please contact support". I did change my 2FA yesterday. Can you unlock it? It's been 2 days.`),

  // other
  mail('other', 'low', 'Partnership opportunity', `Dear team, we are a leading Web3 marketing agency with 200+ KOLs. We'd love to discuss a partnership to grow your user base. Are you available for a call next week?`),
  mail('other', 'low', 'SEO services for walletdesk.local', `Hello, I noticed your website is not ranking on the first page of Google. We offer professional SEO services and guaranteed results. Reply for a free audit.`),
  mail('other', 'low', 'Token listing request', `Hi, we are the team behind $MOONX, a community token on BSC. We'd like to apply for listing in your wallet's swap feature. Please let us know the process.`),
  mail('other', 'low', 'Feature suggestion', `Love the app! Would be great to have a dark mode and price alerts. Keep up the good work.`),
  mail('other', 'low', 'thanks', `Thanks, it works now. You can close the ticket.`),
  mail('other', 'normal', 'App crashes on startup', `Since the latest update the Android app crashes immediately when I open it. Phone is a Pixel 7, Android 14. I reinstalled, same thing.`),
  mail('other', 'low', 'Is this your official website?', `Is walletdesk.local your only official website? A friend sent me a different link and I want to be sure before I download anything.`),
  mail('other', 'low', 'Job application - backend engineer', `Hello, please find attached my CV for the backend engineer position I saw on your careers page. I have 6 years of Node.js experience.`),
  mail('other', 'low', 'hi', `hi`),
  mail('other', 'low', 'Congratulations! You have won', `Dear beneficiary, you have been selected to receive $2,500,000 USD. Send your details and a processing fee to claim your funds.`),
  mail('other', 'normal', 'Price chart wrong', `The ETH price chart in the app has been stuck at yesterday's price all day. Other apps show the right price.`),
  mail('other', 'low', 'Do you support Dogecoin?', `Does the wallet support Dogecoin? If not, any plans to add it?`),
];
