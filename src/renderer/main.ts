import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connectBridge } from './bridge/connect-bridge';
import { i18n } from './i18n';
import { useKioskStore } from './stores/kiosk-store';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
const store = useKioskStore();
store.attach(connectBridge((connected) => store.setConnected(connected)));
app.mount('#app');
