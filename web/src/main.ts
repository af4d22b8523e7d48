import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './app/router';
import { i18n } from './app/i18n';
import { installElementPlus } from './app/element-plus';
import './app/theme.css';

const app = createApp(App).use(createPinia()).use(router).use(i18n);
installElementPlus(app);
app.mount('#app');
